package dev.mio.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker's CPU and memory costs, checked against the kernel's own counters for its process. */
class WorkerResourcesTest {

  private static final long MIB = 1L << 20;

  private RunningWorker worker;

  @BeforeEach
  void start() throws Exception {
    worker = RunningWorker.start(1, 0, 0);
  }

  @AfterEach
  void stop() throws Exception {
    worker.close();
  }

  @Test
  void work_burns_the_requested_cpu_time_as_the_kernel_counts_it() throws Exception {
    long cpuMicros = 20_000;
    int requests = 50;
    // Warm-up so class loading and JIT compilation fall outside the measured interval.
    for (int i = 0; i < 20; i++) {
      worker.get("/work?cpuMicros=1000");
    }
    long ticksPerSecond = RunningWorker.clockTicksPerSecond();
    long before = worker.cpuTicks();
    for (int i = 0; i < requests; i++) {
      assertThat(worker.get("/work?cpuMicros=" + cpuMicros).statusCode()).isEqualTo(200);
    }
    long after = worker.cpuTicks();

    double usedMicros = (after - before) * 1_000_000.0 / ticksPerSecond;
    double expectedMicros = (double) cpuMicros * requests;
    assertThat(usedMicros)
        .as("worker CPU µs from /proc/%d/stat for %d x /work?cpuMicros=%d", worker.process.pid(),
            requests, cpuMicros)
        .isCloseTo(expectedMicros, within(expectedMicros * 0.25));
  }

  @Test
  void alloc_raises_rss_by_the_requested_amount_and_free_lowers_it() throws Exception {
    long idleBytes = worker.rssBytes();
    assertThat(worker.get("/alloc?mb=100").statusCode()).isEqualTo(200);
    long allocatedBytes = worker.rssBytes();
    assertThat(worker.get("/stats").body()).contains("\"retainedMb\":100");
    assertThat(worker.get("/free").statusCode()).isEqualTo(200);
    long freedBytes = worker.rssBytes();

    assertThat((double) (allocatedBytes - idleBytes) / MIB)
        .as("VmRSS growth in MiB after /alloc?mb=100 (idle %d, after %d bytes)", idleBytes,
            allocatedBytes)
        .isCloseTo(100.0, within(10.0));
    assertThat((double) (allocatedBytes - freedBytes) / MIB)
        .as("VmRSS fall in MiB after /free (after free %d bytes)", freedBytes)
        .isCloseTo(100.0, within(10.0));
  }

  @Test
  void small_allocs_are_returned_to_the_os_too() throws Exception {
    long idleBytes = worker.rssBytes();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 5; i++) {
        assertThat(worker.get("/alloc?mb=4").statusCode()).isEqualTo(200);
      }
      long allocatedBytes = worker.rssBytes();
      assertThat(worker.get("/free").body()).contains("\"freedMb\":20");
      long freedBytes = worker.rssBytes();
      assertThat((double) (allocatedBytes - freedBytes) / MIB)
          .as("round %d: VmRSS fall in MiB after freeing 5 x 4 MB (idle %d, allocated %d)", round,
              idleBytes, allocatedBytes)
          .isCloseTo(20.0, within(4.0));
    }
  }

  @Test
  void stays_small_and_starts_fast() throws Exception {
    assertThat(worker.rssBytes() / MIB).as("idle VmRSS in MiB").isLessThan(100);
    // Generous: a loaded two-core machine; unloaded it is a fraction of this.
    assertThat(worker.startupMillis).as("ms from process start to /health answering")
        .isLessThan(10_000);
  }
}
