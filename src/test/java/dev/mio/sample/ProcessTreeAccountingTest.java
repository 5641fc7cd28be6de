package dev.mio.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Known-answer tests of the tree CPU accounting rule on a scripted process table. */
class ProcessTreeAccountingTest {

  private static final long MS = 1_000_000L;
  private static final long ROOT = 100;
  private static final long CHILD = 101;

  private final ScriptedProcessTable table = new ScriptedProcessTable();
  private final ProcessTree tree = new ProcessTree(table);
  private final TreeDiscovery discovery = new TreeDiscovery(table);
  private final ProcStat scratch = new ProcStat();

  @Test
  void first_observation_is_a_baseline_not_consumption() throws Exception {
    table.spawn(ROOT, 1, 5).set(ROOT, 900 * MS, 100 * MS);
    assertThat(tick()).as("baseline tick").isNull();
    table.set(ROOT, 930 * MS, 100 * MS);
    assertThat(tick().intervalCpuNanos()).as("CPU since the baseline").isEqualTo(30 * MS);
  }

  @Test
  void reaped_child_is_counted_once() throws Exception {
    table.spawn(ROOT, 1, 5).spawn(CHILD, ROOT, 6);
    tick(); // baseline, child discovered
    table.set(CHILD, 50 * MS, 0);
    ResourceSample s1 = tick();
    assertThat(s1.intervalCpuNanos()).as("child's CPU while alive").isEqualTo(50 * MS);
    assertThat(s1.processCount()).isEqualTo(2);
    // The child burns 30 ms more, exits and is reaped: the root's cutime grows by its final 80 ms.
    table.remove(CHILD).set(ROOT, 0, 80 * MS);
    ResourceSample s2 = tick();
    assertThat(s2.intervalCpuNanos()).as("only the 30 ms not yet counted (the simpler rule says 80)")
        .isEqualTo(30 * MS);
    assertThat(s2.cpuNanos()).as("cumulative = the root's utime+stime+cutime+cstime").isEqualTo(80 * MS);
  }

  @Test
  void reaping_seen_before_the_parent_grows_is_carried_not_negative() throws Exception {
    table.spawn(ROOT, 1, 5).spawn(CHILD, ROOT, 6);
    tick();
    table.set(CHILD, 50 * MS, 0);
    tick();
    table.remove(CHILD); // gone, but the parent's cutime not yet grown (read in between)
    ResourceSample s2 = tick();
    assertThat(s2.intervalCpuNanos()).as("never negative").isZero();
    table.set(ROOT, 0, 80 * MS);
    ResourceSample s3 = tick();
    assertThat(s3.intervalCpuNanos()).as("the deficit is paid from the growth").isEqualTo(30 * MS);
    assertThat(s3.cpuNanos()).as("cumulative stays exact").isEqualTo(80 * MS);
  }

  @Test
  void grandchild_reaped_through_a_vanished_child_is_counted_once() throws Exception {
    table.spawn(ROOT, 1, 5).spawn(CHILD, ROOT, 6).spawn(102, CHILD, 7);
    tick();
    table.set(CHILD, 10 * MS, 0).set(102, 20 * MS, 0);
    assertThat(tick().intervalCpuNanos()).isEqualTo(30 * MS);
    // Both exit in one interval: the child reaps the grandchild (25 ms final), the root reaps the child.
    table.remove(102).remove(CHILD).set(ROOT, 0, 12 * MS + 25 * MS);
    assertThat(tick().intervalCpuNanos()).as("2 ms + 5 ms burnt since the last sample").isEqualTo(7 * MS);
  }

  @Test
  void new_child_counts_its_whole_time_and_rss() throws Exception {
    table.spawn(ROOT, 1, 5);
    tick();
    table.spawn(CHILD, ROOT, 6).set(CHILD, 40 * MS, 0);
    ResourceSample s = tick();
    assertThat(s.intervalCpuNanos()).as("new child's whole CPU").isEqualTo(40 * MS);
    assertThat(s.rssBytes()).as("RSS summed over both").isEqualTo(2000);
  }

  @Test
  void restart_counts_the_new_root_whole_and_the_old_not_again() throws Exception {
    table.spawn(ROOT, 1, 5).set(ROOT, 70 * MS, 0);
    tick();
    table.set(ROOT, 90 * MS, 0);
    assertThat(tick().intervalCpuNanos()).isEqualTo(20 * MS);
    table.remove(ROOT).spawn(200, 1, 9).set(200, 15 * MS, 0);
    ResourceSample s = tick(200);
    assertThat(s.intervalCpuNanos()).as("new root's whole CPU").isEqualTo(15 * MS);
    assertThat(s.cpuNanos()).as("cumulative").isEqualTo(35 * MS);
    assertThat(s.rootPid()).isEqualTo(200);
  }

  @Test
  void reused_pid_is_not_read_as_the_old_process() throws Exception {
    table.spawn(ROOT, 1, 5).spawn(CHILD, ROOT, 6).set(CHILD, 50 * MS, 0);
    tick();
    table.remove(CHILD).set(ROOT, 0, 50 * MS).spawn(CHILD, 1, 99).set(CHILD, 999 * MS, 0);
    ResourceSample s = tick();
    assertThat(s.intervalCpuNanos()).as("the unrelated process that took the pid is not counted").isZero();
    assertThat(s.processCount()).isEqualTo(1);
  }

  private ResourceSample tick() throws InterruptedException {
    return tick(ROOT);
  }

  private ResourceSample tick(long root) throws InterruptedException {
    Thread.sleep(1); // distinct monotonic timestamps
    boolean full = tree.followRoot(root);
    discovery.discover(List.of(tree), full);
    return tree.sample(scratch);
  }
}
