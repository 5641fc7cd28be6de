package dev.mio.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Known-answer tests of the /proc stat and statm parsers. */
class ProcfsStatParserTest {

  private static final KernelConstants LINUX = new KernelConstants(100, 4096, "test");

  @Test
  void parses_fields_after_a_command_name_with_spaces_and_parentheses() {
    String line = "4242 (a) b (c)) S 17 4242 4242 0 -1 4194560 1526 25392 2 25 7 3 16 4 20 0 1 0 33634 "
        + "5124096 961 18446744073709551615 94116052967424 0 0 0 0\n";
    byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
    ProcStat stat = new ProcStat();
    assertThat(ProcfsStatParser.parse(bytes, bytes.length, 4242, LINUX, 123, stat)).isTrue();
    assertThat(stat.parentPid()).isEqualTo(17);
    assertThat(stat.ownCpuNanos()).as("(utime 7 + stime 3) ticks").isEqualTo(100_000_000L);
    assertThat(stat.reapedChildrenCpuNanos()).as("(cutime 16 + cstime 4) ticks").isEqualTo(200_000_000L);
    assertThat(stat.startTime()).isEqualTo(33634);
    assertThat(stat.rssBytes()).isEqualTo(123);
  }

  @Test
  void reads_the_thread_count_unless_the_main_thread_is_dead() {
    String line = "4242 (java) S 17 4242 4242 0 -1 4194560 1526 25392 2 25 7 3 16 4 20 0 23 0 33634 "
        + "5124096 961 18446744073709551615 94116052967424 0 0 0 0\n";
    byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
    ProcStat stat = new ProcStat();
    assertThat(ProcfsStatParser.parse(bytes, bytes.length, 4242, LINUX, 0, stat)).isTrue();
    assertThat(stat.threadCount()).as("num_threads").isEqualTo(23);
    byte[] zombie = line.replace(" S ", " Z ").replace(" 23 0 ", " 1 0 ").getBytes(StandardCharsets.US_ASCII);
    assertThat(ProcfsStatParser.parse(zombie, zombie.length, 4242, LINUX, 0, stat)).isTrue();
    assertThat(stat.threadCount()).as("threads of a process whose main thread exited: unknown").isZero();
  }

  @Test
  void parses_a_children_list() {
    long[] into = new long[4];
    byte[] bytes = "4242 4243 \n".getBytes(StandardCharsets.US_ASCII);
    assertThat(ProcfsStatParser.pids(bytes, bytes.length, into)).isEqualTo(2);
    assertThat(into[0]).isEqualTo(4242);
    assertThat(into[1]).isEqualTo(4243);
    assertThat(ProcfsStatParser.pids(new byte[0], 0, into)).as("no children").isZero();
    byte[] many = "1 2 3 4 5 ".getBytes(StandardCharsets.US_ASCII);
    assertThat(ProcfsStatParser.pids(many, many.length, into)).as("more than fit").isEqualTo(-1);
  }

  @Test
  void rejects_a_truncated_line() {
    byte[] bytes = "1 (x) S 0 1 1 0 -1 4 5 6 7 8 9".getBytes(StandardCharsets.US_ASCII);
    assertThat(ProcfsStatParser.parse(bytes, bytes.length, 1, LINUX, 0, new ProcStat())).isFalse();
  }

  @Test
  void reads_resident_pages_from_statm() {
    byte[] bytes = "730 439 412 5 0 89 0\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(ProcfsStatParser.residentPages(bytes, bytes.length)).isEqualTo(439);
    byte[] bad = "garbage".getBytes(StandardCharsets.US_ASCII);
    assertThat(ProcfsStatParser.residentPages(bad, bad.length)).isEqualTo(-1);
  }

  @Test
  void reads_the_last_allocated_pid_from_loadavg() {
    byte[] bytes = "0.91 1.52 1.61 1/91 32495\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(ProcfsStatParser.lastPid(bytes, bytes.length)).isEqualTo(32495);
    byte[] bad = "0.91 1.52 1.61 1/91 x\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(ProcfsStatParser.lastPid(bad, bad.length)).isEqualTo(-1);
  }

  @Test
  void last_allocated_pid_moves_when_a_process_is_started() throws Exception {
    try (ProcfsProcessTable table = new ProcfsProcessTable()) {
      long before = table.lastAllocatedPid();
      Process p = new ProcessBuilder("true").start();
      try {
        p.waitFor();
        long after = table.lastAllocatedPid();
        assertThat(before).as("last pid before starting `true`").isPositive();
        assertThat(after).as("last pid after starting `true` (pid %d), was %d", p.pid(), before).isNotEqualTo(before);
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void kernel_constants_come_from_the_auxiliary_vector() {
    KernelConstants k = KernelConstants.read();
    assertThat(k.source()).as("where CLK_TCK/PAGESIZE came from").isEqualTo("auxv");
    assertThat(k.clockTicksPerSecond()).as("CLK_TCK vs getconf").isEqualTo(KernelTruth.CLK_TCK);
    assertThat(k.pageSizeBytes()).as("PAGESIZE vs getconf").isEqualTo(KernelTruth.PAGE_SIZE);
  }
}
