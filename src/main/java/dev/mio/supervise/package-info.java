/** Supervision of instances: readiness probes, restart policy with back-off, instance state. */
package dev.mio.supervise;
