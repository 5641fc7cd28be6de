package dev.mio.metrics;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of the responses in a window, in milliseconds (rounded to 3 decimals); every figure is
 * {@code null} when there was no response to measure.
 *
 * @param count responses whose latency was recorded
 * @param p50Ms median
 * @param p90Ms 90th percentile
 * @param p95Ms 95th percentile
 * @param p99Ms 99th percentile
 * @param p999Ms 99.9th percentile
 * @param maxMs largest latency
 * @param meanMs arithmetic mean
 */
public record LatencySummary(
    long count, Double p50Ms, Double p90Ms, Double p95Ms, Double p99Ms, Double p999Ms, Double maxMs, Double meanMs) {

  /** Why the figures are null when {@link #count()} is 0. */
  public static final String NO_RESPONSES = "no response completed in the window";

  public LatencySummary {
    if (count < 0) {
      throw new IllegalArgumentException("count must be ≥ 0, was " + count);
    }
  }

  /** The summary of a histogram of latencies recorded in microseconds. */
  public static LatencySummary ofMicros(Histogram micros) {
    long n = micros.getTotalCount();
    if (n == 0) {
      return new LatencySummary(0, null, null, null, null, null, null, null);
    }
    return new LatencySummary(n,
        ms(micros.getValueAtPercentile(50)),
        ms(micros.getValueAtPercentile(90)),
        ms(micros.getValueAtPercentile(95)),
        ms(micros.getValueAtPercentile(99)),
        ms(micros.getValueAtPercentile(99.9)),
        ms(micros.getMaxValue()),
        Math.round(micros.getMean()) / 1000.0);
  }

  private static Double ms(long micros) {
    return micros / 1000.0;
  }
}
