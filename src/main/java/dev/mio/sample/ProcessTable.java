package dev.mio.sample;

import java.util.function.LongConsumer;

/**
 * The OS-reader seam of the sampler: lists processes and reads one process's CPU times, parent and RSS.
 * Implementations are used from one thread (the sampler's) and may keep reusable buffers.
 */
public interface ProcessTable extends AutoCloseable {

  /** Where the figures come from, e.g. {@code "procfs"} or {@code "oshi"}. */
  String source();

  /** Whether reaped children's CPU time is reported (Linux cutime/cstime); without it short-lived children's CPU is lost. */
  boolean reportsReapedChildrenCpu();

  /** Calls {@code sink} with the pid of every process currently visible. */
  void forEachPid(LongConsumer sink);

  /**
   * The pid the OS handed out last, to any process or thread, or -1 when the table cannot tell; as long as it
   * stays the same, no process was created anywhere, so a scan for new descendants can be skipped.
   */
  default long lastAllocatedPid() {
    return -1;
  }

  /**
   * Reads one process once.
   *
   * @return false when the process does not exist (or cannot be read)
   */
  boolean read(long pid, ProcStat into);

  /**
   * Opens a reader for a process that will be read repeatedly (cheaper than {@link #read}).
   *
   * @return the reader, or null when the process does not exist
   */
  StatReader open(long pid);

  /** Releases what the table holds. */
  @Override
  void close();

  /** A cheap repeated reader of one process; it never reads a different process that reused the pid. */
  interface StatReader extends AutoCloseable {

    /**
     * Reads the process's current figures.
     *
     * @return false once the process is gone
     */
    boolean read(ProcStat into);

    /**
     * Lists the children forked by the process's main thread (on Linux, the children of other threads are
     * listed in their own task's file), with one cheap read instead of a scan of every process.
     *
     * @return how many pids were written to {@code into}, or -1 when they cannot be listed (not supported,
     *     more than {@code into} holds): the caller must then scan
     */
    default int mainThreadChildren(long[] into) {
      return -1;
    }

    /** Releases the reader's handle. */
    @Override
    void close();
  }
}
