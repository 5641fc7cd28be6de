/** Instances as local OS processes: ports, logs, process trees, no orphans. */
package dev.mio.launch.local;
