package dev.mio.launch.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Signals whole process groups by running {@code kill} (Java can signal single pids only) and asks whether a
 * group still has live members.
 */
final class ProcessGroups {
  private static final String KILL = Files.isExecutable(Path.of("/bin/kill")) ? "/bin/kill" : "kill";

  private ProcessGroups() {}

  /**
   * Sends {@code signal} (e.g. {@code TERM}, {@code KILL}) to every group in one {@code kill} run; groups that
   * no longer exist are skipped by kill itself.
   */
  static void signal(String signal, Collection<Long> pgids) {
    if (pgids.isEmpty()) {
      return;
    }
    List<String> argv = new ArrayList<>(List.of(KILL, "-s", signal, "--"));
    for (long pgid : pgids) {
      if (pgid <= 1) {
        throw new IllegalArgumentException("pgid must be above 1, was " + pgid);
      }
      argv.add("-" + pgid);
    }
    try {
      Process kill = new ProcessBuilder(argv)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
    } catch (IOException e) {
      // without kill(1) fall back to the members we can see; a member forked meanwhile is caught by the next round
      for (long pgid : pgids) {
        for (ProcStat member : ProcStat.liveMembersOf(pgid)) {
          ProcessHandle.of(member.pid()).ifPresent(h -> {
            if ("KILL".equals(signal)) {
              h.destroyForcibly();
            } else {
              h.destroy();
            }
          });
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether any of the groups has a live member or any of the processes still runs. */
  static boolean anyLive(Collection<Long> pgids, Collection<ProcessId> processes) {
    for (ProcessId p : processes) {
      if (p.isLive()) {
        return true;
      }
    }
    if (pgids.isEmpty()) {
      return false;
    }
    for (ProcStat s : ProcStat.all()) {
      if (s.isLive() && pgids.contains(s.pgrp())) {
        return true;
      }
    }
    return false;
  }
}
