package dev.mio.report;

import dev.mio.metrics.Accounting;
import dev.mio.metrics.LatencySummary;

import java.util.List;

/**
 * The measured window of one phase (the baseline or the deployment).
 *
 * @param windowNanos length of the measured window
 * @param totalRequests responses received in the window, any status
 * @param okResponses 2xx/3xx responses in the window
 * @param throughputPerSec ok responses ÷ window seconds, or null when the window had no length
 * @param latency percentiles over every response of the window, or null when there was none
 * @param accounting the phase's request accounting (warm-up included)
 * @param totalResources instances summed per sample tick, or null when nothing was sampled
 * @param cpuCoresUsed instances' CPU time in the window ÷ window seconds, or null when not sampled
 * @param resourceSource where CPU and memory were read from (e.g. "procfs")
 */
public record PhaseResult(
    int instances,
    int shards,
    long windowNanos,
    long totalRequests,
    long okResponses,
    Double throughputPerSec,
    LatencySummary latency,
    List<InstanceResult> instanceResults,
    List<ShardResult> shardResults,
    Accounting accounting,
    ResourceUse totalResources,
    Double cpuCoresUsed,
    String resourceSource) {

  public PhaseResult {
    instanceResults = List.copyOf(instanceResults);
    shardResults = List.copyOf(shardResults);
  }

  /** Window length in whole milliseconds. */
  public long windowMillis() {
    return windowNanos / 1_000_000;
  }
}
