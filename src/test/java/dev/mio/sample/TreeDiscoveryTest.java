package dev.mio.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When discovery may skip its scan of /proc, on a scripted process table with a scripted last-allocated pid. */
class TreeDiscoveryTest {

  private static final long ROOT = 100;

  private final ScriptedProcessTable table = new ScriptedProcessTable();
  private final ProcessTree tree = new ProcessTree(table);
  private final TreeDiscovery discovery = new TreeDiscovery(table);

  @Test
  void scan_is_skipped_only_after_a_whole_interval_without_a_new_pid() {
    table.spawn(ROOT, 1, 5).lastPid(ROOT);
    discovery.discover(List.of(tree), tree.followRoot(ROOT));
    discovery.discover(List.of(tree), false);
    assertThat(discovery.scanCount()).as("scans before the last pid was seen unchanged for an interval").isEqualTo(2);
    discovery.discover(List.of(tree), false);
    discovery.discover(List.of(tree), false);
    assertThat(discovery.scanCount()).as("scans while no pid was allocated").isEqualTo(2);
  }

  @Test
  void a_fork_after_a_skipped_scan_is_found_at_the_next_discovery() {
    table.spawn(ROOT, 1, 5).lastPid(ROOT);
    discovery.discover(List.of(tree), tree.followRoot(ROOT));
    discovery.discover(List.of(tree), false);
    discovery.discover(List.of(tree), false); // skipped
    table.spawn(101, ROOT, 6).spawn(102, 101, 7).lastPid(102);
    discovery.discover(List.of(tree), false);
    assertThat(discovery.scanCount()).as("scans").isEqualTo(3);
    assertThat(tree.contains(101)).as("child found").isTrue();
    assertThat(tree.contains(102)).as("grandchild found").isTrue();
  }

  @Test
  void a_process_not_yet_listed_when_its_pid_was_seen_is_found_one_interval_later() {
    table.spawn(ROOT, 1, 5).lastPid(ROOT);
    discovery.discover(List.of(tree), tree.followRoot(ROOT));
    discovery.discover(List.of(tree), false);
    // The pid is allocated before the scan reads it, but the process is listed only after the scan: the scan
    // misses it, and the next discovery must not be skipped although the last pid has not moved since.
    table.lastPid(101);
    discovery.discover(List.of(tree), false);
    table.spawn(101, ROOT, 6);
    discovery.discover(List.of(tree), false);
    assertThat(tree.contains(101)).as("child listed late").isTrue();
  }

  @Test
  void a_table_that_cannot_tell_the_last_pid_scans_every_time() {
    table.spawn(ROOT, 1, 5);
    discovery.discover(List.of(tree), tree.followRoot(ROOT));
    for (int i = 0; i < 3; i++) {
      discovery.discover(List.of(tree), false);
    }
    assertThat(discovery.scanCount()).as("scans without a last pid").isEqualTo(4);
  }
}
