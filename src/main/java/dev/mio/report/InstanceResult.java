package dev.mio.report;

import dev.mio.metrics.Accounting;
import dev.mio.metrics.LatencySummary;

/**
 * What one instance did and cost in the window.
 *
 * @param pid pid of its root process at the end of the window (-1 when none ran)
 * @param responses responses it sent in the window, any status
 * @param okResponses 2xx/3xx responses in the window
 * @param throughputPerSec ok responses ÷ window seconds
 * @param latency its latency percentiles, or null when it sent no response
 * @param resources CPU and memory of its process tree in the window, or null when not sampled
 */
public record InstanceResult(
    int id,
    int shard,
    long pid,
    int restarts,
    String state,
    long responses,
    long okResponses,
    Double throughputPerSec,
    LatencySummary latency,
    ResourceUse resources) {}
