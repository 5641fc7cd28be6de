package dev.mio.run;

import dev.mio.metrics.LatencySummary;
import java.util.List;

/**
 * The live view of an active run.
 *
 * @param uptimeMs time since the deployment's measurement began
 * @param windowState NOT_OPENED (warm-up), OPEN or CLOSED
 * @param windowMs length of the window so far
 * @param throughputLastSecond ok responses per second over about the last second, null until a second has passed
 * @param throughputWindow ok responses per second over the window so far, null until it has been open a second
 * @param latencyWindow latency of the window's responses so far (count 0 before any)
 * @param speedupSoFar window throughput so far ÷ baseline throughput, null without a baseline or a rated window
 * @param orchestratorCpuPercent mio's own CPU % in its latest sample, null before the first sample
 * @param orchestratorRssBytes mio's own resident memory in its latest sample, null before the first sample
 */
public record LiveStatus(
    RunPhase phase,
    long uptimeMs,
    String windowState,
    long windowMs,
    int shards,
    List<LiveInstance> instances,
    long totalRequests,
    Double throughputLastSecond,
    Double throughputWindow,
    LatencySummary latencyWindow,
    Double speedupSoFar,
    Double baselineThroughput,
    String routerUrl,
    Double orchestratorCpuPercent,
    Long orchestratorRssBytes) {

  public LiveStatus {
    instances = List.copyOf(instances);
  }
}
