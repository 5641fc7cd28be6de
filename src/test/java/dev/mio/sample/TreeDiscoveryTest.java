package dev.mio.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When discovery may skip its scan of /proc, on a scripted process table with a scripted last-allocated pid. */
class TreeDiscoveryTest {

  private static final long ROOT = 100;

  private final ScriptedProcessTable table = new ScriptedProcessTable();
  private final ProcessTree tree = new ProcessTree(table);
  private final TreeDiscovery discovery = new TreeDiscovery(table);
  private final ProcStat scratch = new ProcStat();
  private final List<Process> processes = new ArrayList<>();
  private final List<Long> orphans = new ArrayList<>();

  @AfterEach
  void tearDown() {
    // Re-parented processes are no longer descendants of the process that started them.
    orphans.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void single_threaded_members_are_followed_through_their_children_lists() {
    table.spawn(ROOT, 1, 5).threads(ROOT, 1).lastPid(ROOT);
    discovery.discover(List.of(tree), tree.followRoot(ROOT));
    tree.sample(scratch); // reads the thread count
    table.spawn(101, ROOT, 6).threads(101, 1).spawn(102, 101, 7).threads(102, 1).spawn(200, 1, 8).lastPid(200);
    discovery.discover(List.of(tree), false);
    assertThat(discovery.scanCount()).as("scans (only the first, full one)").isEqualTo(1);
    assertThat(discovery.childListingCount()).as("discoveries through children lists").isEqualTo(1);
    assertThat(tree.contains(101)).as("child").isTrue();
    assertThat(tree.contains(102)).as("grandchild, followed down from the new child").isTrue();
    assertThat(tree.contains(200)).as("unrelated process").isFalse();
  }

  @Test
  void a_member_with_several_threads_makes_discovery_scan() {
    table.spawn(ROOT, 1, 5).threads(ROOT, 3).lastPid(ROOT);
    discovery.discover(List.of(tree), tree.followRoot(ROOT));
    tree.sample(scratch);
    table.spawn(101, ROOT, 6).lastPid(101);
    discovery.discover(List.of(tree), false);
    assertThat(table.childListings).as("children lists read").isZero();
    assertThat(discovery.scanCount()).as("scans").isEqualTo(2);
    assertThat(tree.contains(101)).as("child found by the scan").isTrue();
  }

  @Test
  void procfs_children_lists_find_a_grandchild_forked_later_and_keep_an_orphan() throws Exception {
    // sh → (on "go") sh → sleep; then the middle shell exits on a second line and sleep is re-parented outside.
    // (A background job's stdin is /dev/null: the middle shell gets the pipe through fd 3.)
    Process p = start("sh", "-c", "exec 3<&0; read go; sh -c 'sleep 60 & read x' <&3 & wait; read end");
    long shell = p.pid();
    try (ProcfsProcessTable procfs = new ProcfsProcessTable()) {
      ProcessTree real = new ProcessTree(procfs);
      TreeDiscovery realDiscovery = new TreeDiscovery(procfs);
      realDiscovery.discover(List.of(real), real.followRoot(shell));
      real.sample(scratch);
      OutputStream in = p.getOutputStream();
      in.write("go\n".getBytes(StandardCharsets.US_ASCII));
      in.flush();
      await().atMost(Duration.ofSeconds(5)).until(() -> KernelTruth.children(shell).size() == 1
          && KernelTruth.children(KernelTruth.children(shell).get(0)).size() == 1);
      long middle = KernelTruth.children(shell).get(0);
      long sleep = KernelTruth.children(middle).get(0);
      orphans.add(sleep);
      realDiscovery.discover(List.of(real), false);
      assertThat(realDiscovery.childListingCount()).as("discoveries through children files").isEqualTo(1);
      assertThat(realDiscovery.scanCount()).as("scans (the first, full one)").isEqualTo(1);
      assertThat(real.contains(middle)).as("child shell %d", middle).isTrue();
      assertThat(real.contains(sleep)).as("grandchild sleep %d", sleep).isTrue();
      real.sample(scratch);

      in.write("x\n".getBytes(StandardCharsets.US_ASCII));
      in.flush();
      await().atMost(Duration.ofSeconds(5)).until(() -> !ProcessHandle.of(middle).map(ProcessHandle::isAlive)
          .orElse(false));
      assertThat(ProcessHandle.of(sleep).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L))
          .as("sleep's parent after the middle shell exited").isNotEqualTo(middle);
      ResourceSample s = real.sample(scratch);
      realDiscovery.discover(List.of(real), false);
      assertThat(real.contains(sleep)).as("re-parented sleep stays in the tree").isTrue();
      assertThat(s.processCount()).as("shell and the orphaned sleep").isEqualTo(2);
      real.releaseAll();
    }
  }

  private Process start(String... argv) throws IOException {
    Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    processes.add(p);
    return p;
  }

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
