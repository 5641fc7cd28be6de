package dev.mio.sample;

/**
 * CPU and memory of one instance (or of the sum over instances, or of the orchestrator) over a window.
 *
 * @param cpuNanos CPU time consumed in the window
 * @param wallNanos wall time covered by the window's samples (the sum of their intervals)
 * @param avgCpuPercent {@code cpuNanos ÷ wallNanos × 100} (time-weighted; 100 = one core)
 * @param peakCpuPercent highest single-sample CPU %
 * @param avgRssBytes mean RSS over the window's samples
 * @param peakRssBytes highest single-sample RSS
 * @param sampleCount samples in the window (≥ 1)
 */
public record ResourceStats(
    long cpuNanos,
    long wallNanos,
    double avgCpuPercent,
    double peakCpuPercent,
    double avgRssBytes,
    long peakRssBytes,
    long sampleCount) {

  public ResourceStats {
    if (sampleCount < 1 || wallNanos <= 0) {
      throw new IllegalArgumentException("sampleCount and wallNanos must be > 0, were " + sampleCount
          + " and " + wallNanos);
    }
    if (cpuNanos < 0 || peakRssBytes < 0 || !(avgRssBytes >= 0) || !(avgCpuPercent >= 0)
        || !(peakCpuPercent >= 0)) {
      throw new IllegalArgumentException("figures must be ≥ 0: cpuNanos=" + cpuNanos + " avgCpuPercent="
          + avgCpuPercent + " peakCpuPercent=" + peakCpuPercent + " avgRssBytes=" + avgRssBytes
          + " peakRssBytes=" + peakRssBytes);
    }
  }

  /** Cores used on average over the window: {@code cpuNanos ÷ wallNanos}. */
  public double cpuCoresUsed() {
    return (double) cpuNanos / wallNanos;
  }
}
