package dev.mio.sample;

import java.util.Optional;

/** Running aggregates of the samples since the window started; guarded by its owner's lock. */
final class WindowAccumulator {

  private long cpuNanos;
  private long wallNanos;
  private double peakCpuPercent;
  private double rssByteSum;
  private long peakRssBytes;
  private long count;

  void add(long intervalNanos, long intervalCpuNanos, double cpuPercent, long rssBytes) {
    cpuNanos += intervalCpuNanos;
    wallNanos += intervalNanos;
    peakCpuPercent = Math.max(peakCpuPercent, cpuPercent);
    rssByteSum += rssBytes;
    peakRssBytes = Math.max(peakRssBytes, rssBytes);
    count++;
  }

  void reset() {
    cpuNanos = 0;
    wallNanos = 0;
    peakCpuPercent = 0;
    rssByteSum = 0;
    peakRssBytes = 0;
    count = 0;
  }

  Optional<ResourceStats> stats() {
    if (count == 0 || wallNanos <= 0) {
      return Optional.empty();
    }
    return Optional.of(new ResourceStats(cpuNanos, wallNanos, 100.0 * cpuNanos / wallNanos, peakCpuPercent,
        rssByteSum / count, peakRssBytes, count));
  }
}
