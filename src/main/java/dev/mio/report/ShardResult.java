package dev.mio.report;

import dev.mio.metrics.Accounting;
import dev.mio.metrics.LatencySummary;

/**
 * What one shard's replicas did together in the window.
 *
 * @param responses responses in the window, any status (the spec's requestDistribution)
 * @param latency latency percentiles of its responses, or null when it sent none
 */
public record ShardResult(int id, long responses, long okResponses, Double throughputPerSec, LatencySummary latency) {}
