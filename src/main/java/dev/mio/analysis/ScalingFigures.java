package dev.mio.analysis;

/**
 * What scaling out bought: speedup over the baseline, CPU efficiency and per-instance parallel efficiency.
 *
 * @param speedupRatio throughput ÷ baseline throughput, or {@code null}
 * @param efficiency (throughput ÷ cores) ÷ (baseline throughput ÷ baseline cores), clamped and raw
 * @param parallelEfficiency speedupRatio ÷ instances, or {@code null}
 * @param nullReason why speedupRatio (and so parallelEfficiency) is {@code null}; {@code null} when computed
 */
public record ScalingFigures(Double speedupRatio, Efficiency efficiency, Double parallelEfficiency, String nullReason) {

  public ScalingFigures {
    if (efficiency == null) {
      throw new IllegalArgumentException("efficiency must not be null");
    }
    if ((speedupRatio == null) == (nullReason == null)) {
      throw new IllegalArgumentException("speedupRatio must be set, or null with a nullReason");
    }
  }
}
