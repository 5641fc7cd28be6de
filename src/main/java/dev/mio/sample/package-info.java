/**
 * Samples CPU time and resident memory of each instance's whole process tree from the OS.
 *
 * <p>{@link dev.mio.sample.ResourceSampler} runs one parked daemon thread that, every interval, reads each
 * tracked tree through the {@link dev.mio.sample.ProcessTable} seam ({@code procfs} on Linux: kept-open
 * {@code /proc/<pid>/stat} and {@code statm} handles; {@code oshi} elsewhere), accounts the tree's CPU
 * with the exact rule documented on {@code ProcessTree}, and publishes {@link dev.mio.sample.ResourceSample}s
 * and window {@link dev.mio.sample.ResourceStats} per instance, for the sum over instances, and for the
 * orchestrator itself.
 */
package dev.mio.sample;
