package dev.mio.analysis;

/**
 * The measured figures of one phase that scaling is computed from.
 *
 * @param throughputPerSecond ok responses per second in the window, ≥ 0
 * @param cpuCoresUsed the instances' CPU time in the window ÷ window seconds, or {@code null} if not measured
 */
public record PhaseFigures(double throughputPerSecond, Double cpuCoresUsed) {

  public PhaseFigures {
    if (!(throughputPerSecond >= 0) || Double.isInfinite(throughputPerSecond)) {
      throw new IllegalArgumentException("throughputPerSecond must be finite and ≥ 0, was " + throughputPerSecond);
    }
    if (cpuCoresUsed != null && (!(cpuCoresUsed >= 0) || cpuCoresUsed.isInfinite())) {
      throw new IllegalArgumentException("cpuCoresUsed must be finite and ≥ 0 or null, was " + cpuCoresUsed);
    }
  }
}
