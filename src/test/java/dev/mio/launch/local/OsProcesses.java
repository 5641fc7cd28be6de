package dev.mio.launch.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ground truth about processes for tests, read with {@code ps} (independent of the launcher's /proc parsing).
 * A zombie counts as dead: in this container no init reaps orphans, and a zombie runs no code and holds no port.
 */
final class OsProcesses {
  private OsProcesses() {}

  /** One row of {@code ps -eo pid,ppid,pgid,stat}. */
  static final class Row {
    final long pid;
    final long ppid;
    final long pgid;
    final String stat;

    Row(long pid, long ppid, long pgid, String stat) {
      this.pid = pid;
      this.ppid = ppid;
      this.pgid = pgid;
      this.stat = stat;
    }

    boolean isLive() {
      return !stat.startsWith("Z") && !stat.startsWith("X");
    }

    @Override
    public String toString() {
      return pid + "(ppid " + ppid + ", pgid " + pgid + ", " + stat + ")";
    }
  }

  static List<Row> table() {
    try {
      Process ps = new ProcessBuilder("ps", "-eo", "pid=,ppid=,pgid=,stat=").redirectErrorStream(true).start();
      String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      ps.waitFor(5, TimeUnit.SECONDS);
      List<Row> rows = new ArrayList<>();
      for (String line : out.split("\n")) {
        String[] w = line.trim().split("\\s+");
        if (w.length >= 4) {
          rows.add(new Row(Long.parseLong(w[0]), Long.parseLong(w[1]), Long.parseLong(w[2]), w[3]));
        }
      }
      return rows;
    } catch (IOException e) {
      throw new IllegalStateException("ps failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The live processes among {@code pids}. */
  static List<Row> liveAmong(Collection<Long> pids) {
    List<Row> out = new ArrayList<>();
    for (Row r : table()) {
      if (r.isLive() && pids.contains(r.pid)) {
        out.add(r);
      }
    }
    return out;
  }

  /** The live members of any of {@code pgids}. */
  static List<Row> liveInGroups(Collection<Long> pgids) {
    List<Row> out = new ArrayList<>();
    for (Row r : table()) {
      if (r.isLive() && pgids.contains(r.pgid)) {
        out.add(r);
      }
    }
    return out;
  }

  /** Live children of {@code pid}. */
  static List<Long> liveChildren(long pid) {
    List<Long> out = new ArrayList<>();
    for (Row r : table()) {
      if (r.isLive() && r.ppid == pid) {
        out.add(r.pid);
      }
    }
    return out;
  }

  /** SIGKILLs a process by pid (test clean-up and crash injection). */
  static void kill9(long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
  }
}
