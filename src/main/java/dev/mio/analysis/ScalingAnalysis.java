package dev.mio.analysis;

/**
 * Pure maths over measured figures: speedup, efficiency, parallel efficiency and distribution skew, as defined in
 * DESIGN.md § Metric definitions; no I/O, never an estimate — {@code null} when an input is missing.
 */
public final class ScalingAnalysis {
  /** Reason for a null speedup without a baseline. */
  public static final String NO_BASELINE = "no baseline was measured";
  /** Reason for a null speedup when the baseline served nothing. */
  public static final String ZERO_BASELINE = "the baseline had zero throughput";

  private ScalingAnalysis() {}

  /** Throughput ÷ baseline throughput, or {@code null} when there is no baseline or it served nothing. */
  public static Double speedupRatio(double throughputPerSecond, Double baselineThroughputPerSecond) {
    if (baselineThroughputPerSecond == null || !(baselineThroughputPerSecond > 0)) {
      return null;
    }
    return throughputPerSecond / baselineThroughputPerSecond;
  }

  /**
   * The efficiency score (throughput ÷ cpuCoresUsed) ÷ (baseline throughput ÷ baseline cpuCoresUsed), clamped to
   * [0, 1], with the raw value; unmeasurable without a baseline or when a CPU figure is missing or zero.
   */
  public static Efficiency efficiency(PhaseFigures deployment, PhaseFigures baseline) {
    if (baseline == null) {
      return Efficiency.unmeasurable(NO_BASELINE);
    }
    if (deployment.cpuCoresUsed() == null || baseline.cpuCoresUsed() == null) {
      return Efficiency.unmeasurable("CPU time was not measured");
    }
    if (!(deployment.cpuCoresUsed() > 0) || !(baseline.cpuCoresUsed() > 0)) {
      return Efficiency.unmeasurable("no CPU time was used in a window");
    }
    double basePerCore = baseline.throughputPerSecond() / baseline.cpuCoresUsed();
    if (!(basePerCore > 0)) {
      return Efficiency.unmeasurable(ZERO_BASELINE);
    }
    double raw = (deployment.throughputPerSecond() / deployment.cpuCoresUsed()) / basePerCore;
    return new Efficiency(Math.max(0.0, Math.min(1.0, raw)), raw, null);
  }

  /** Speedup ÷ instances, or {@code null} when the speedup is {@code null}. */
  public static Double parallelEfficiency(Double speedupRatio, int instances) {
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1, was " + instances);
    }
    return speedupRatio == null ? null : speedupRatio / instances;
  }

  /** Max ÷ mean of the responses per shard (1.0 = even), or {@code null} when no shard served anything. */
  public static Double distributionSkew(long[] responsesPerShard) {
    if (responsesPerShard.length == 0) {
      throw new IllegalArgumentException("responsesPerShard must have at least one shard");
    }
    long max = 0;
    long sum = 0;
    for (long n : responsesPerShard) {
      if (n < 0) {
        throw new IllegalArgumentException("responsesPerShard must be ≥ 0, had " + n);
      }
      max = Math.max(max, n);
      sum += n;
    }
    if (sum == 0) {
      return null;
    }
    return max / ((double) sum / responsesPerShard.length);
  }

  /** Every scaling figure of a deployment of {@code instances} instances against a baseline (or {@code null}). */
  public static ScalingFigures scaling(PhaseFigures deployment, PhaseFigures baseline, int instances) {
    Double speedup = speedupRatio(deployment.throughputPerSecond(),
        baseline == null ? null : baseline.throughputPerSecond());
    String reason = speedup != null ? null : baseline == null ? NO_BASELINE : ZERO_BASELINE;
    return new ScalingFigures(speedup, efficiency(deployment, baseline), parallelEfficiency(speedup, instances),
        reason);
  }
}
