package dev.mio.sample;

/**
 * The orchestrator's own process: its own CPU time only (its reaped children are instances, accounted
 * in their trees) and its RSS; confined to the sampler thread.
 */
final class SelfProcess {

  private final ProcessTable.StatReader reader;
  private final long pid;
  private long lastOwnNanos = -1;
  private long lastSampleNanos;
  private long cumulativeCpuNanos;

  SelfProcess(ProcessTable table, long pid) {
    this.pid = pid;
    this.reader = table.open(pid);
  }

  /** Reads the process; null on the first (baseline) read or if it cannot be read. */
  ResourceSample sample(ProcStat scratch) {
    if (reader == null || !reader.read(scratch)) {
      return null;
    }
    long now = System.nanoTime();
    long own = scratch.ownCpuNanos();
    if (lastOwnNanos < 0 || now <= lastSampleNanos) {
      lastOwnNanos = own;
      lastSampleNanos = now;
      return null;
    }
    long delta = Math.max(0, own - lastOwnNanos);
    long interval = now - lastSampleNanos;
    lastOwnNanos = own;
    lastSampleNanos = now;
    cumulativeCpuNanos += delta;
    return ResourceSample.of(now, interval, delta, cumulativeCpuNanos, scratch.rssBytes(), 1, pid);
  }

  void close() {
    if (reader != null) {
      reader.close();
    }
  }
}
