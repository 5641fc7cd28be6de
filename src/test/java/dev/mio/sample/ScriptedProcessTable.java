package dev.mio.sample;

import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * A process table whose processes the test writes by hand, to check the accounting rules on exact
 * known answers (the real-process tests prove the figures against the kernel).
 */
final class ScriptedProcessTable implements ProcessTable {

  private static final class Proc {
    long parentPid;
    long startTime;
    long ownCpuNanos;
    long childrenCpuNanos;
    long rssBytes;
    int threads;
  }

  private final TreeMap<Long, Proc> procs = new TreeMap<>();
  private long lastPid = -1;
  int childListings;

  /** Sets what {@link #lastAllocatedPid()} answers (-1 = unknown, the default). */
  ScriptedProcessTable lastPid(long pid) {
    lastPid = pid;
    return this;
  }

  /** Creates or replaces (a new start time = a reused pid) a process. */
  ScriptedProcessTable spawn(long pid, long parentPid, long startTime) {
    Proc p = new Proc();
    p.parentPid = parentPid;
    p.startTime = startTime;
    p.rssBytes = 1000;
    procs.put(pid, p);
    return this;
  }

  ScriptedProcessTable set(long pid, long ownCpuNanos, long childrenCpuNanos) {
    procs.get(pid).ownCpuNanos = ownCpuNanos;
    procs.get(pid).childrenCpuNanos = childrenCpuNanos;
    return this;
  }

  /** Sets a process's thread count (0 = unknown, the default: discovery then scans). */
  ScriptedProcessTable threads(long pid, int threads) {
    procs.get(pid).threads = threads;
    return this;
  }

  ScriptedProcessTable remove(long pid) {
    procs.remove(pid);
    return this;
  }

  @Override
  public String source() {
    return "scripted";
  }

  @Override
  public boolean reportsReapedChildrenCpu() {
    return true;
  }

  @Override
  public void forEachPid(LongConsumer sink) {
    procs.keySet().forEach(sink::accept);
  }

  @Override
  public long lastAllocatedPid() {
    return lastPid;
  }

  @Override
  public boolean read(long pid, ProcStat into) {
    Proc p = procs.get(pid);
    if (p == null) {
      return false;
    }
    into.set(pid, p.parentPid, p.startTime, p.ownCpuNanos, p.childrenCpuNanos, p.rssBytes, p.threads);
    return true;
  }

  @Override
  public StatReader open(long pid) {
    Proc opened = procs.get(pid);
    if (opened == null) {
      return null;
    }
    return new StatReader() {
      @Override
      public boolean read(ProcStat into) {
        // Like a /proc handle: bound to the process it was opened for, not to the pid.
        return procs.get(pid) == opened && ScriptedProcessTable.this.read(pid, into);
      }

      @Override
      public int mainThreadChildren(long[] into) {
        if (procs.get(pid) != opened) {
          return 0; // like a reaped process's children file: empty
        }
        int n = 0;
        for (var e : procs.entrySet()) {
          if (e.getValue().parentPid == pid) {
            if (n == into.length) {
              return -1;
            }
            into[n++] = e.getKey();
          }
        }
        childListings++;
        return n;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() {}
}
