package dev.mio.launch.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/stat}: the fields mio needs to identify a process across pid reuse and to
 * find the members of a process group.
 *
 * @param pid process id
 * @param state state letter (field 3); {@code Z} and {@code X} are dead
 * @param ppid parent pid (field 4)
 * @param pgrp process group id (field 5)
 * @param startTicks start time after boot in clock ticks (field 22); with the pid it names one process
 */
record ProcStat(long pid, char state, long ppid, long pgrp, long startTicks) {
  private static final Path PROC = Path.of("/proc");

  /** Whether the process still runs; a zombie does not (no reaper may ever collect it in a container). */
  boolean isLive() {
    return state != 'Z' && state != 'X';
  }

  /** The identity of this process, pid plus start time. */
  ProcessId id() {
    return new ProcessId(pid, startTicks);
  }

  /** Reads the stat line of one process, empty when it does not exist (any more). */
  static Optional<ProcStat> read(long pid) {
    try {
      return Optional.ofNullable(parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"),
          StandardCharsets.US_ASCII)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Reads every process of the machine (those that vanish while scanning are skipped). */
  static List<ProcStat> all() {
    List<ProcStat> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
          read(Long.parseLong(name)).ifPresent(out::add);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // /proc is always there on Linux; an empty result makes callers treat groups as gone
    }
    return out;
  }

  /** Live (non-zombie) members of a process group. */
  static List<ProcStat> liveMembersOf(long pgid) {
    List<ProcStat> out = new ArrayList<>();
    for (ProcStat s : all()) {
      if (s.pgrp == pgid && s.isLive()) {
        out.add(s);
      }
    }
    return out;
  }

  /** Whether the process named by {@code id} still runs (same pid, same start time, not a zombie). */
  static boolean isLive(ProcessId id) {
    Optional<ProcStat> s = read(id.pid());
    return s.isPresent() && s.get().startTicks == id.startTicks() && s.get().isLive();
  }

  private static ProcStat parse(long pid, String line) {
    // the command name (field 2) may contain spaces and parentheses: fields resume after the last ')'
    int close = line.lastIndexOf(')');
    if (close < 0) {
      return null;
    }
    String[] f = line.substring(close + 2).trim().split(" ");
    // f[0] is field 3 (state), so field n is f[n - 3]
    return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[19]));
  }
}
