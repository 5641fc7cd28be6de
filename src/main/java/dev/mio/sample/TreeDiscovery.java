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
 * <p>When every member has one thread, its children file ({@code /proc/<pid>/task/<pid>/children}) lists all its
 * children: one cheap read per member (≈ 1 µs of kernel time against ≈ 5 µs for a stat) replaces the scan, new
 * children are read once to confirm their parent, and their own children are followed. A member with several
 * threads (whose children are listed per forking thread), or a table that cannot list children, falls back to
 * the scan, as does the first discovery of a new tree (its descendants may be older than any list read so far).
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
  private long childListings;
  private final long[] children = new long[512];
  private List<ProcessTree> currentTrees = List.of();
  private final java.util.function.LongPredicate ownedByAnyTree = this::ownedByAnyTree;

  TreeDiscovery(ProcessTable table) {
    this.table = table;
  }

  /** How many times {@link #discover} actually scanned (the rest were skipped: nothing was created). */
  long scanCount() {
    return scans;
  }

  /** How many discoveries found new descendants through children files instead of a scan. */
  long childListingCount() {
    return childListings;
  }

  /** Adds every new descendant of the trees' members to its tree; {@code full} when a tree has just started. */
  void discover(List<ProcessTree> trees, boolean full) {
    long lastPid = table.lastAllocatedPid();
    if (!full && lastPid >= 0 && lastPid == coveredLastPid) {
      previousLastPid = lastPid;
      return;
    }
    if (full || !discoverByChildren(trees)) {
      scan(trees, full);
    }
    // Covered: pids allocated up to one interval before this scan (a fork between its pid and its /proc entry
    // takes microseconds, so they were all listed). Pids allocated since keep the next discovery scanning.
    coveredLastPid = previousLastPid;
    previousLastPid = lastPid;
  }

  private boolean discoverByChildren(List<ProcessTree> trees) {
    for (ProcessTree tree : trees) {
      if (!tree.canListChildren()) {
        return false;
      }
    }
    currentTrees = trees;
    try {
      for (ProcessTree tree : trees) {
        if (!tree.discoverChildren(children, scratch, ownedByAnyTree)) {
          return false;
        }
      }
    } finally {
      currentTrees = List.of();
    }
    childListings++;
    return true;
  }

  private boolean ownedByAnyTree(long pid) {
    for (int i = 0; i < currentTrees.size(); i++) {
      if (currentTrees.get(i).contains(pid)) {
        return true;
      }
    }
    return false;
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
