/** Parses and validates run, deployment and workload settings into immutable records. */
package dev.mio.config;
