package dev.mio.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ground truth for the tests, read from /proc independently of the code under test (plain string
 * parsing, CLK_TCK from {@code getconf}).
 */
final class KernelTruth {

  static final long CLK_TCK = getconf("CLK_TCK");
  static final long PAGE_SIZE = getconf("PAGESIZE");

  private KernelTruth() {}

  /** Fields of /proc/pid/stat from field 3 (state) on: index 0 is field 3. */
  static String[] statFields(long pid) {
    try {
      String s = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
      return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
    }
  }

  private static long ticksToNanos(long ticks) {
    return ticks * 1_000_000_000L / CLK_TCK;
  }

  /** utime + stime of the process itself, in ns. */
  static long ownCpuNanos(long pid) {
    String[] f = statFields(pid);
    return ticksToNanos(Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]));
  }

  /** utime + stime + cutime + cstime, in ns. */
  static long totalCpuNanos(long pid) {
    String[] f = statFields(pid);
    return ticksToNanos(Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]) + Long.parseLong(f[16 - 3])
        + Long.parseLong(f[17 - 3]));
  }

  /** Process state letter (R, S, T, Z …). */
  static char state(long pid) {
    return statFields(pid)[0].charAt(0);
  }

  /** VmRSS of /proc/pid/status, in bytes. */
  static long vmRssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      return 0; // kernel threads and zombies have no VmRSS line
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
    }
  }

  /** Direct children of a pid, by a scan of every process's ppid. */
  static List<Long> children(long pid) {
    List<Long> out = new ArrayList<>();
    String[] names = new java.io.File("/proc").list();
    for (String name : names == null ? new String[0] : names) {
      if (!name.chars().allMatch(Character::isDigit)) {
        continue;
      }
      try {
        if (Long.parseLong(statFields(Long.parseLong(name))[1]) == pid) {
          out.add(Long.parseLong(name));
        }
      } catch (IllegalStateException e) {
        // exited meanwhile
      }
    }
    return out;
  }

  /** Sends a signal with kill(1), e.g. "STOP" or "CONT". */
  static void signal(String name, List<Long> pids) {
    List<String> argv = new ArrayList<>(List.of("kill", "-" + name));
    pids.forEach(p -> argv.add(Long.toString(p)));
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("kill -" + name + " " + pids + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long getconf(String name) {
    try {
      Process p = new ProcessBuilder("getconf", name).start();
      try (InputStream in = p.getInputStream()) {
        long v = Long.parseLong(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        p.waitFor();
        return v;
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("getconf " + name + " failed", e);
    }
  }
}
