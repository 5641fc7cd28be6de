package dev.mio.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The live process tree of one instance and its CPU accounting between samples; confined to the sampler
 * thread.
 *
 * <p>Rule (exact, no loss, no double count): the CPU a tree has consumed up to an instant is the sum over
 * its live processes of own time plus reaped-children time ({@code utime+stime+cutime+cstime}): a live
 * process carries its own time, and a child that exited and was reaped carries on inside its reaper's
 * {@code cutime/cstime}. Between two samples the tree consumed: for each continuing process its growth;
 * for each new process its whole total; minus, for each vanished process whose nearest surviving ancestor
 * is still in the tree, the total last seen for it (its reaper's growth re-reports that part). A vanished
 * process reaped outside the tree (the root, reaped by the orchestrator) loses at most its last interval.
 * A reaping that falls between reading the parent and the child within one sample can make one interval
 * negative; the deficit is carried into the next interval, so intervals never go negative and their sum
 * stays exact. (DESIGN.md's simpler rule, "per-pid deltas plus cutime growth", counts a child's already
 * observed time a second time when it is reaped.)
 *
 * <p>Membership is sticky: a process found as a descendant stays in the tree until it exits, even when
 * its parent dies and it is re-parented outside the tree.
 */
final class ProcessTree {

  private static final class Member {
    final long pid;
    final ProcessTable.StatReader reader;
    long startTime = Long.MIN_VALUE;
    long parentPid;
    long lastTotalNanos;
    int threads; // at the last read; 0 = unknown
    boolean counted;
    boolean gone;

    Member(long pid, long parentPid, ProcessTable.StatReader reader) {
      this.pid = pid;
      this.parentPid = parentPid;
      this.reader = reader;
    }
  }

  private final ProcessTable table;
  private final Map<Long, Member> members = new HashMap<>();
  private final List<Member> vanished = new ArrayList<>();
  private long rootPid = -1;
  private boolean baseline;
  private long lastSampleNanos = -1;
  private long deficitNanos;
  private long cumulativeCpuNanos;
  private long[] work = new long[16];

  ProcessTree(ProcessTable table) {
    this.table = table;
  }

  /**
   * Follows the instance's current root pid: a different pid (a restart) starts a new tree.
   *
   * @return true when a new tree was started and its descendants must be discovered by a full scan
   */
  boolean followRoot(long currentRootPid) {
    long root = currentRootPid > 0 ? currentRootPid : -1;
    if (root == rootPid) {
      return false;
    }
    releaseAll();
    rootPid = root;
    if (root < 0) {
      return false;
    }
    // First observation ever: its totals are the baseline, not consumption in an interval. After a restart
    // the new tree was born since the last sample, so its whole totals are counted.
    baseline = lastSampleNanos < 0;
    ProcessTable.StatReader reader = table.open(root);
    if (reader != null) {
      members.put(root, new Member(root, -1, reader));
    }
    return true;
  }

  /** The root pid this tree follows, or -1. */
  long rootPid() {
    return rootPid;
  }

  /** Whether {@code pid} is a member of this tree. */
  boolean contains(long pid) {
    return members.containsKey(pid);
  }

  /** Adds a process found to descend from a member. */
  void addDiscovered(long pid, long parentPid, long startTime) {
    if (members.containsKey(pid)) {
      return;
    }
    ProcessTable.StatReader reader = table.open(pid);
    if (reader != null) {
      Member m = new Member(pid, parentPid, reader);
      m.startTime = startTime;
      members.put(pid, m);
    }
  }

  /** Whether every member has exactly one thread (as last read), so its children file lists all its children. */
  boolean canListChildren() {
    for (Member m : members.values()) {
      if (m.threads != 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * Adds every new descendant found through the members' children files, following new children down.
   *
   * @param children scratch for one member's child pids
   * @param ownedElsewhere whether a pid is already a member of another tree
   * @return false when some member's children cannot be listed that way (several threads, unknown, not
   *     supported): the caller must scan; children added so far stay (adding is idempotent)
   */
  boolean discoverChildren(long[] children, ProcStat scratch, LongPredicate ownedElsewhere) {
    if (work.length < members.size()) {
      work = new long[members.size() * 2];
    }
    int top = 0;
    for (Member m : members.values()) {
      work[top++] = m.pid;
    }
    while (top > 0) {
      Member m = members.get(work[--top]);
      if (m == null || m.threads != 1) {
        return false;
      }
      int n = m.reader.mainThreadChildren(children);
      if (n < 0) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        long c = children[i];
        // Read the child itself: it may have exited or been re-parented since the list was read.
        if (members.containsKey(c) || ownedElsewhere.test(c) || !table.read(c, scratch)
            || scratch.parentPid() != m.pid) {
          continue;
        }
        addDiscovered(c, m.pid, scratch.startTime());
        Member added = members.get(c);
        if (added != null) {
          added.threads = scratch.threadCount();
          if (top == work.length) {
            work = Arrays.copyOf(work, top * 2);
          }
          work[top++] = c;
        }
      }
    }
    return true;
  }

  /** Calls {@code sink} with every member pid (to index ownership during discovery). */
  void forEachMember(java.util.function.LongConsumer sink) {
    for (Long pid : members.keySet()) {
      sink.accept(pid);
    }
  }

  /**
   * Reads every member and accounts the interval since the previous sample.
   *
   * @return the sample, or null when there is none (no live process, or the first, baseline observation)
   */
  ResourceSample sample(ProcStat scratch) {
    if (members.isEmpty()) {
      return null;
    }
    long deltaNanos = 0;
    long rssBytes = 0;
    int live = 0;
    for (Member m : members.values()) {
      if (!m.reader.read(scratch)
          || (m.startTime != Long.MIN_VALUE && m.startTime != scratch.startTime())) {
        m.gone = true;
        vanished.add(m);
        continue;
      }
      m.startTime = scratch.startTime();
      m.parentPid = scratch.parentPid();
      m.threads = scratch.threadCount();
      long total = scratch.totalCpuNanos();
      if (m.counted) {
        deltaNanos += total - m.lastTotalNanos;
      } else if (!baseline) {
        deltaNanos += total;
      }
      m.counted = true;
      m.lastTotalNanos = total;
      rssBytes += scratch.rssBytes();
      live++;
    }
    long now = System.nanoTime();
    for (int i = 0; i < vanished.size(); i++) {
      Member v = vanished.get(i);
      if (v.counted && hasSurvivingAncestor(v)) {
        deltaNanos -= v.lastTotalNanos;
      }
    }
    for (int i = 0; i < vanished.size(); i++) {
      Member v = vanished.get(i);
      members.remove(v.pid);
      v.reader.close();
    }
    vanished.clear();
    long net = deltaNanos - deficitNanos;
    if (net < 0) {
      deficitNanos = -net;
      net = 0;
    } else {
      deficitNanos = 0;
    }
    if (live == 0) {
      deficitNanos = 0;
      return null; // tree gone; the next sample (of a new tree) measures from the last one taken
    }
    if (baseline || lastSampleNanos < 0 || now <= lastSampleNanos) {
      baseline = false;
      lastSampleNanos = now;
      return null;
    }
    long interval = now - lastSampleNanos;
    lastSampleNanos = now;
    cumulativeCpuNanos += net;
    return ResourceSample.of(now, interval, net, cumulativeCpuNanos, rssBytes, live, rootPid);
  }

  /** Closes every handle; the tree follows no process afterwards. */
  void releaseAll() {
    for (Member m : members.values()) {
      m.reader.close();
    }
    members.clear();
    deficitNanos = 0;
    rootPid = -1;
  }

  private boolean hasSurvivingAncestor(Member v) {
    Member a = members.get(v.parentPid);
    // Bounded walk: parent links cannot form a cycle in one sample, but never trust that blindly.
    for (int steps = 0; a != null && a.gone && steps < members.size(); steps++) {
      a = members.get(a.parentPid);
    }
    return a != null && !a.gone;
  }
}
