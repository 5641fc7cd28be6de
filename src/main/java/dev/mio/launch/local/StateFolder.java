package dev.mio.launch.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The folder where each live orchestrator records its own pid and the process groups of its instances, so that
 * the next orchestrator can kill what a crashed one left behind.
 *
 * <p>One file per launcher under {@code orchestrators/}, named {@code <jvm pid>-<n>.state}, lines
 * {@code orchestrator <pid> <startTicks>} then {@code group <pgid> <startTicks>} (start times from
 * {@code /proc/<pid>/stat} field 22). A record belongs to a dead orchestrator when no process with that pid and
 * start time runs. Its groups are then killed only when they are provably the recorded ones: the leader
 * still runs with the recorded start time, or the leader is gone and every live member started no earlier
 * than it (Linux never hands out a pid while a process group still uses it as its id). Limits: a process that
 * left its group (its own {@code setsid}) is not found; the default location is {@code $MIO_HOME}, else
 * {@code ~/.mio}.
 */
public final class StateFolder {
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private final Path directory;

  /** A state folder at {@code directory} (created when first written). */
  public StateFolder(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /** The default state folder: {@code $MIO_HOME}, or {@code ~/.mio} when it is not set. */
  public static StateFolder defaultLocation() {
    String home = System.getenv("MIO_HOME");
    if (home != null && !home.isBlank()) {
      return new StateFolder(Path.of(home));
    }
    return new StateFolder(Path.of(System.getProperty("user.home"), ".mio"));
  }

  /** The folder itself. */
  public Path directory() {
    return directory;
  }

  /** The folder holding one record per live launcher. */
  public Path recordsDirectory() {
    return directory.resolve("orchestrators");
  }

  /** A fresh record file name for a launcher in this JVM. */
  Path newRecordFile() {
    return recordsDirectory().resolve(ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + ".state");
  }

  /** Replaces a record atomically, so a crash mid-write never leaves half a record. */
  void write(Path record, ProcessId orchestrator, Collection<ProcessId> groups) {
    StringBuilder text = new StringBuilder();
    text.append("orchestrator ").append(orchestrator.pid()).append(' ').append(orchestrator.startTicks()).append('\n');
    for (ProcessId g : groups) {
      text.append("group ").append(g.pid()).append(' ').append(g.startTicks()).append('\n');
    }
    try {
      Files.createDirectories(record.getParent());
      Path tmp = record.resolveSibling(record.getFileName() + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      Files.move(tmp, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write state record " + record, e);
    }
  }

  /** Deletes a record (its launcher closed cleanly). */
  void delete(Path record) {
    try {
      Files.deleteIfExists(record);
    } catch (IOException e) {
      // a stale record is harmless: the next launcher sees its orchestrator is gone and only checks its groups
    }
  }

  /**
   * Kills the recorded groups of every orchestrator that no longer runs and deletes those records.
   *
   * @return how many process groups were signalled
   */
  public int cleanUpDeadOrchestrators() {
    Path dir = recordsDirectory();
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Long> toKill = new ArrayList<>();
    List<Path> stale = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.state")) {
      for (Path file : files) {
        Optional<Record> rec = read(file);
        if (rec.isEmpty()) {
          stale.add(file); // unreadable: nothing we could act on safely
          continue;
        }
        if (rec.get().orchestrator.isLive()) {
          continue;
        }
        for (ProcessId g : rec.get().groups) {
          if (isRecordedGroupAlive(g)) {
            toKill.add(g.pid());
          }
        }
        stale.add(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read state folder " + dir, e);
    }
    ProcessGroups.signal("KILL", toKill);
    stale.forEach(this::delete);
    return toKill.size();
  }

  /** Whether the group recorded as {@code leader} still has live members that provably belong to it. */
  static boolean isRecordedGroupAlive(ProcessId leader) {
    Optional<ProcStat> lead = ProcStat.read(leader.pid());
    if (lead.isPresent()) {
      // the leader (maybe a zombie) still holds the pid: the group is ours only if it is the same process
      return lead.get().startTicks() == leader.startTicks() && !ProcStat.liveMembersOf(leader.pid()).isEmpty();
    }
    List<ProcStat> members = ProcStat.liveMembersOf(leader.pid());
    if (members.isEmpty()) {
      return false;
    }
    for (ProcStat m : members) {
      if (m.startTicks() < leader.startTicks()) {
        return false;
      }
    }
    return true;
  }

  private static Optional<Record> read(Path file) {
    try {
      ProcessId orchestrator = null;
      List<ProcessId> groups = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        String[] w = line.trim().split(" ");
        if (w.length != 3) {
          continue;
        }
        ProcessId id = new ProcessId(Long.parseLong(w[1]), Long.parseLong(w[2]));
        if ("orchestrator".equals(w[0])) {
          orchestrator = id;
        } else if ("group".equals(w[0])) {
          groups.add(id);
        }
      }
      return orchestrator == null ? Optional.empty() : Optional.of(new Record(orchestrator, groups));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static final class Record {
    final ProcessId orchestrator;
    final List<ProcessId> groups;

    Record(ProcessId orchestrator, List<ProcessId> groups) {
      this.orchestrator = orchestrator;
      this.groups = groups;
    }
  }
}
