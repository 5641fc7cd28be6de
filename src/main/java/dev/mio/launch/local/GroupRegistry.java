package dev.mio.launch.local;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The process groups a launcher owns right now, mirrored to both safety nets: the {@link OrphanWatcher} (kills
 * them if the JVM dies) and the launcher's record in the {@link StateFolder} (for the next orchestrator).
 */
final class GroupRegistry implements AutoCloseable {
  private final OrphanWatcher watcher;
  private final StateFolder folder;
  private final Path record;
  private final ProcessId self;
  private final Set<ProcessId> groups = new LinkedHashSet<>();

  GroupRegistry(OrphanWatcher watcher, StateFolder folder) {
    this.watcher = watcher;
    this.folder = folder;
    this.record = folder.newRecordFile();
    this.self = ProcessId.of(ProcessHandle.current().pid())
        .orElseThrow(() -> new IllegalStateException("cannot read /proc/self/stat"));
    folder.write(record, self, groups);
  }

  /** Registers a freshly spawned instance root, whose pid is its process group id. */
  synchronized void add(ProcessId leader) {
    watcher.add(leader.pid());
    groups.add(leader);
    folder.write(record, self, groups);
  }

  /** Deregisters a group that has been emptied on purpose. */
  synchronized void remove(ProcessId leader) {
    if (groups.remove(leader)) {
      watcher.remove(leader.pid());
      folder.write(record, self, groups);
    }
  }

  /** The record file of this launcher. */
  Path recordFile() {
    return record;
  }

  @Override
  public synchronized void close() {
    watcher.close();
    folder.delete(record);
  }
}
