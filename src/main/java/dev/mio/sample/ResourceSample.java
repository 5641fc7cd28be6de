package dev.mio.sample;

/**
 * One sample of a process tree's CPU and memory, as read from the OS.
 *
 * @param timestampNanos when it was taken, {@link System#nanoTime()} (monotonic)
 * @param intervalNanos wall time since the previous sample of the same tree
 * @param intervalCpuNanos CPU time (user + system) the tree consumed in that interval
 * @param cpuNanos CPU time attributed to the instance since it was tracked (sum of the intervals)
 * @param cpuPercent {@code intervalCpuNanos ÷ intervalNanos × 100}; 100 = one core busy, as {@code top}
 * @param rssBytes resident set size summed over the tree's live processes
 * @param processCount live processes in the tree
 * @param rootPid pid of the tree's root process
 */
public record ResourceSample(
    long timestampNanos,
    long intervalNanos,
    long intervalCpuNanos,
    long cpuNanos,
    double cpuPercent,
    long rssBytes,
    int processCount,
    long rootPid) {

  public ResourceSample {
    if (intervalNanos <= 0) {
      throw new IllegalArgumentException("intervalNanos must be > 0, was " + intervalNanos);
    }
    if (intervalCpuNanos < 0 || cpuNanos < intervalCpuNanos) {
      throw new IllegalArgumentException("intervalCpuNanos must be ≥ 0 and ≤ cpuNanos, was "
          + intervalCpuNanos + " of " + cpuNanos);
    }
    if (!(cpuPercent >= 0) || Double.isInfinite(cpuPercent)) {
      throw new IllegalArgumentException("cpuPercent must be finite and ≥ 0, was " + cpuPercent);
    }
    if (rssBytes < 0 || processCount < 0) {
      throw new IllegalArgumentException("rssBytes and processCount must be ≥ 0, were " + rssBytes
          + " and " + processCount);
    }
  }

  /** Builds a sample, deriving {@code cpuPercent} from the interval's CPU and wall time. */
  public static ResourceSample of(long timestampNanos, long intervalNanos, long intervalCpuNanos, long cpuNanos,
      long rssBytes, int processCount, long rootPid) {
    double percent = intervalNanos > 0 ? 100.0 * intervalCpuNanos / intervalNanos : 0;
    return new ResourceSample(timestampNanos, intervalNanos, intervalCpuNanos, cpuNanos, percent, rssBytes,
        processCount, rootPid);
  }
}
