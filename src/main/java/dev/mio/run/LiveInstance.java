package dev.mio.run;

/**
 * One instance as the live status shows it.
 *
 * @param cpuPercent CPU % of its process tree in the latest sample (100 = one core), null before the first sample
 * @param rssBytes resident memory of its process tree in the latest sample, null before the first sample
 * @param requests responses it sent so far in this phase, any status
 */
public record LiveInstance(int id, int shard, long pid, int port, String state, Double cpuPercent, Long rssBytes,
    long requests, int restarts) {}
