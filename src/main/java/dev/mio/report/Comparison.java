package dev.mio.report;

import java.util.Map;

/**
 * The deployment measured against the baseline; a figure that could not be measured is null, with its reason in
 * {@code nullReasons} under the figure's name.
 *
 * @param speedupRatio deployment throughput ÷ baseline throughput
 * @param efficiencyScore throughput per CPU core of the deployment ÷ that of the baseline, clamped to [0, 1]
 * @param efficiencyRaw the same ratio unclamped
 * @param parallelEfficiency speedup ÷ instances
 * @param distributionSkew max ÷ mean of responses per shard (1.0 = even)
 */
public record Comparison(
    Double speedupRatio,
    Double efficiencyScore,
    Double efficiencyRaw,
    Double parallelEfficiency,
    Double distributionSkew,
    Map<String, String> nullReasons) {

  public Comparison {
    nullReasons = Map.copyOf(nullReasons);
  }
}
