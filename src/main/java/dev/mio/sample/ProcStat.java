package dev.mio.sample;

/**
 * A reusable holder for one process's CPU and memory figures as the OS reported them, so that the
 * sampling hot path allocates nothing; it is filled by a {@link ProcessTable} and owned by one thread.
 */
public final class ProcStat {

  private long pid;
  private long parentPid;
  private long startTime;
  private long ownCpuNanos;
  private long reapedChildrenCpuNanos;
  private long rssBytes;
  private int threadCount;

  /** Fills every field at once, the thread count unknown (0). */
  void set(long pid, long parentPid, long startTime, long ownCpuNanos, long reapedChildrenCpuNanos,
      long rssBytes) {
    set(pid, parentPid, startTime, ownCpuNanos, reapedChildrenCpuNanos, rssBytes, 0);
  }

  /** Fills every field at once (called by the process table that read them). */
  void set(long pid, long parentPid, long startTime, long ownCpuNanos, long reapedChildrenCpuNanos,
      long rssBytes, int threadCount) {
    this.threadCount = threadCount;
    this.pid = pid;
    this.parentPid = parentPid;
    this.startTime = startTime;
    this.ownCpuNanos = ownCpuNanos;
    this.reapedChildrenCpuNanos = reapedChildrenCpuNanos;
    this.rssBytes = rssBytes;
  }

  /** The process id. */
  public long pid() {
    return pid;
  }

  /** The parent's process id (1 or a subreaper after the parent died). */
  public long parentPid() {
    return parentPid;
  }

  /** An opaque start-time token (clock ticks since boot on Linux); a pid whose token changes was reused. */
  public long startTime() {
    return startTime;
  }

  /** User + system CPU time of the process itself (all its threads), in nanoseconds. */
  public long ownCpuNanos() {
    return ownCpuNanos;
  }

  /** User + system CPU time of its children that exited and were reaped by it (Linux cutime + cstime). */
  public long reapedChildrenCpuNanos() {
    return reapedChildrenCpuNanos;
  }

  /** Own plus reaped-children CPU time: what the process accounts for in its subtree, in nanoseconds. */
  public long totalCpuNanos() {
    return ownCpuNanos + reapedChildrenCpuNanos;
  }

  /** The process's threads when it was read, or 0 when the table does not say. */
  public int threadCount() {
    return threadCount;
  }

  /** Resident set size, in bytes. */
  public long rssBytes() {
    return rssBytes;
  }

  @Override
  public String toString() {
    return "ProcStat[pid=" + pid + ", ppid=" + parentPid + ", start=" + startTime + ", ownCpuNanos="
        + ownCpuNanos + ", reapedChildrenCpuNanos=" + reapedChildrenCpuNanos + ", rssBytes=" + rssBytes + ", threads=" + threadCount + "]";
  }
}
