package dev.mio.report;

/**
 * CPU and memory a process tree (or a sum of trees) used in a window, from the OS's counters.
 *
 * @param cpuSeconds CPU time (user + system) consumed in the window
 * @param avgCpuPercent average of the per-sample CPU %, 100 = one core
 * @param peakCpuPercent highest per-sample CPU %
 * @param avgRssBytes average resident set size over the samples
 * @param peakRssBytes highest resident set size
 * @param samples number of samples the figures come from
 */
public record ResourceUse(
    double cpuSeconds,
    double avgCpuPercent,
    double peakCpuPercent,
    long avgRssBytes,
    long peakRssBytes,
    long samples) {}
