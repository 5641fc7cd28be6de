package dev.mio.sample;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the descendants of the trees' members by their parent pids; confined to the sampler thread.
 *
 * <p>A full scan reads every process's stat once (needed when a tree starts, since its descendants may
 * be older than the previous scan). An incremental scan lists {@code /proc} and reads only pids that were
 * not listed last time: a new descendant is always a new pid, so this is cheap however many unrelated
 * processes the machine runs. (A pid reused within one discovery interval would be missed until it exits;
 * that needs the pid space to wrap in about a second.)
 *
 * <p>When the table knows the last pid the OS allocated, a periodic scan is skipped while that pid equals the one
 * seen one discovery interval before the last scan: every process forked by then had long been listed when that
 * scan ran (its pid is allocated microseconds before it appears in {@code /proc}), and no process has been created
 * since, so no new descendant can exist. Any fork or thread creation anywhere moves the pid and the next scan runs.
 * (Fooled only if exactly a whole pid-space cycle of allocations happens between two discoveries.)
 */
final class TreeDiscovery {

  private final ProcessTable table;
  private final ProcStat scratch = new ProcStat();
  private Set<Long> previousListing = new HashSet<>();
  private Set<Long> currentListing = new HashSet<>();
  private final Map<Long, ProcessTree> owners = new HashMap<>();
  private long[] candidatePid = new long[256];
  private long[] candidateParent = new long[256];
  private long[] candidateStart = new long[256];
  // The last allocated pid seen at the previous discovery, and the one the last scan provably covered.
  private long previousLastPid = -1;
  private long coveredLastPid = -1;
  private long scans;

  TreeDiscovery(ProcessTable table) {
    this.table = table;
  }

  /** How many times {@link #discover} actually scanned (the rest were skipped: nothing was created). */
  long scanCount() {
    return scans;
  }

  /** Adds every new descendant of the trees' members to its tree; {@code full} when a tree has just started. */
  void discover(List<ProcessTree> trees, boolean full) {
    long lastPid = table.lastAllocatedPid();
    if (!full && lastPid >= 0 && lastPid == coveredLastPid) {
      previousLastPid = lastPid;
      return;
    }
    scan(trees, full);
    // Covered: pids allocated up to one interval before this scan (a fork between its pid and its /proc entry
    // takes microseconds, so they were all listed). Pids allocated since keep the next discovery scanning.
    coveredLastPid = previousLastPid;
    previousLastPid = lastPid;
  }

  private void scan(List<ProcessTree> trees, boolean full) {
    scans++;
    currentListing.clear();
    table.forEachPid(currentListing::add);
    owners.clear();
    for (ProcessTree tree : trees) {
      tree.forEachMember(pid -> owners.put(pid, tree));
    }
    int n = 0;
    for (Long pid : currentListing) {
      if ((full || !previousListing.contains(pid)) && !owners.containsKey(pid) && table.read(pid, scratch)) {
        if (n == candidatePid.length) {
          candidatePid = Arrays.copyOf(candidatePid, n * 2);
          candidateParent = Arrays.copyOf(candidateParent, n * 2);
          candidateStart = Arrays.copyOf(candidateStart, n * 2);
        }
        candidatePid[n] = pid;
        candidateParent[n] = scratch.parentPid();
        candidateStart[n] = scratch.startTime();
        n++;
      }
    }
    Set<Long> swap = previousListing;
    previousListing = currentListing;
    currentListing = swap;
    // Fixed point: a grandchild may be listed before its parent joins a tree.
    boolean changed = n > 0 && !owners.isEmpty();
    for (int round = 0; changed && round < n; round++) {
      changed = false;
      for (int i = 0; i < n; i++) {
        if (candidatePid[i] < 0) {
          continue;
        }
        ProcessTree owner = owners.get(candidateParent[i]);
        if (owner != null) {
          owner.addDiscovered(candidatePid[i], candidateParent[i], candidateStart[i]);
          owners.put(candidatePid[i], owner);
          candidatePid[i] = -1;
          changed = true;
        }
      }
    }
  }
}
