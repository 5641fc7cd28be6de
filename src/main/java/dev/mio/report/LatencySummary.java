package dev.mio.report;

/**
 * Latency percentiles of the responses of a window, in milliseconds (from an HdrHistogram in µs).
 *
 * @param count responses the percentiles are computed over
 */
public record LatencySummary(
    long count, double p50Ms, double p90Ms, double p95Ms, double p99Ms, double p999Ms, double maxMs, double meanMs) {

  public LatencySummary {
    if (count < 1) {
      throw new IllegalArgumentException("a latency summary needs at least one response, had " + count);
    }
  }
}
