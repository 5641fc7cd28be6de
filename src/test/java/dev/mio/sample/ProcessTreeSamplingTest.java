package dev.mio.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sampler's CPU and RSS of real process trees, against the kernel's own counters read by the test. */
class ProcessTreeSamplingTest {

  private static final String BUSY = "while :; do :; done";

  private final List<Process> processes = new ArrayList<>();
  private ResourceSampler sampler;

  @AfterEach
  void tearDown() {
    if (sampler != null) {
      sampler.close();
    }
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void busy_process_cpu_matches_kernel_counters() throws Exception {
    Process p = start("sh", "-c", BUSY);
    long pid = p.pid();
    sampler = startSampler(1000);
    sampler.track(0, () -> pid);
    await().atMost(Duration.ofSeconds(5)).until(() -> sampler.latest(0).isPresent());

    Reading a = pausedReading(List.of(pid), () -> KernelTruth.totalCpuNanos(pid));
    KernelTruth.signal("CONT", List.of(pid));
    Thread.sleep(2500);
    Reading b = pausedReading(List.of(pid), () -> KernelTruth.totalCpuNanos(pid));

    long kernel = b.kernelCpuNanos - a.kernelCpuNanos;
    long sampled = b.sample.cpuNanos() - a.sample.cpuNanos();
    System.out.printf("busy process: sampled %d ns, kernel %d ns%n", sampled, kernel);
    assertThat(kernel).as("kernel CPU of the busy process over 2.5 s (ns)").isGreaterThan(300_000_000L);
    assertThat((double) sampled).as("sampled CPU (ns) vs kernel utime+stime delta %d ns", kernel)
        .isCloseTo(kernel, within(0.10 * kernel));
    assertThat(sampler.series(0)).as("series").allSatisfy(s -> assertThat(s.cpuPercent()).isBetween(0.0, 1000.0));
  }

  @Test
  void shell_with_busy_children_counts_the_children() throws Exception {
    Process p = start("sh", "-c", BUSY + " & " + BUSY + " & wait");
    long shell = p.pid();
    await().atMost(Duration.ofSeconds(5)).until(() -> KernelTruth.children(shell).size() == 2);
    List<Long> kids = KernelTruth.children(shell);
    List<Long> all = new ArrayList<>(kids);
    all.add(shell);
    sampler = startSampler(1000);
    sampler.track(0, () -> shell);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> sampler.latest(0).map(s -> s.processCount() == 3).orElse(false));

    Reading a = pausedReading(all, () -> sumTotal(all));
    long shellOwnA = KernelTruth.ownCpuNanos(shell);
    long kidsA = sumTotal(kids);
    KernelTruth.signal("CONT", all);
    Thread.sleep(2000);
    Reading b = pausedReading(all, () -> sumTotal(all));
    long shellOwn = KernelTruth.ownCpuNanos(shell) - shellOwnA;
    long kidsCpu = sumTotal(kids) - kidsA;
    long rssTruth = all.stream().mapToLong(KernelTruth::vmRssBytes).sum();
    long shellRss = KernelTruth.vmRssBytes(shell);

    long kernel = b.kernelCpuNanos - a.kernelCpuNanos;
    long sampled = b.sample.cpuNanos() - a.sample.cpuNanos();
    System.out.printf("tree: sampled %d ns, kernel %d ns (children %d, shell own %d); rss sampled %d, VmRSS sum %d%n",
        sampled, kernel, kidsCpu, shellOwn, b.sample.rssBytes(), rssTruth);
    assertThat(kidsCpu).as("children's kernel CPU (ns)").isGreaterThan(300_000_000L);
    assertThat((double) sampled).as("sampled tree CPU (ns) vs kernel sum over shell+children %d ns", kernel)
        .isCloseTo(kernel, within(0.10 * kernel));
    assertThat(sampled).as("sampled CPU vs the shell's own %d ns", shellOwn)
        .isGreaterThan(10 * shellOwn).isGreaterThan((long) (0.9 * kidsCpu));
    assertThat((double) b.sample.rssBytes()).as("sampled RSS vs Σ VmRSS of shell+children %d", rssTruth)
        .isCloseTo(rssTruth, within(0.10 * rssTruth));
    long kidsRss = kids.stream().mapToLong(KernelTruth::vmRssBytes).sum();
    assertThat(b.sample.rssBytes()).as("tree RSS vs the shell's own %d + half the children's %d", shellRss, kidsRss)
        .isGreaterThan(shellRss + kidsRss / 2);
    assertThat(b.sample.processCount()).as("processes in the tree").isEqualTo(3);
  }

  @Test
  void grandchild_forked_after_the_first_sample_is_found_with_its_rss() throws Exception {
    // The shell forks a child shell, which forks `sleep`, only when the test says go: both appear after the
    // tree's first full scan, so only a later (periodic) discovery can find them.
    Process p = start("sh", "-c", "read go; sh -c 'sleep 60 & wait' & wait");
    long shell = p.pid();
    sampler = startSampler(1000);
    sampler.track(0, () -> shell);
    await().atMost(Duration.ofSeconds(5)).until(() -> sampler.latest(0).isPresent());
    assertThat(sampler.latest(0).orElseThrow().processCount()).as("processes before the fork").isEqualTo(1);
    OutputStream in = p.getOutputStream();
    in.write("go\n".getBytes(StandardCharsets.US_ASCII));
    in.flush();
    await().atMost(Duration.ofSeconds(5)).until(() -> KernelTruth.children(shell).size() == 1
        && KernelTruth.children(KernelTruth.children(shell).get(0)).size() == 1);
    long child = KernelTruth.children(shell).get(0);
    long grandchild = KernelTruth.children(child).get(0);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> sampler.latest(0).map(s -> s.processCount() == 3).orElse(false));
    List<Long> all = List.of(shell, child, grandchild);
    Reading r = pausedReading(all, () -> 0);
    long rssTruth = all.stream().mapToLong(KernelTruth::vmRssBytes).sum();
    assertThat(r.sample.processCount()).as("shell, child shell and sleep").isEqualTo(3);
    assertThat(r.sample.rssBytes()).as("sampled RSS of the stopped tree vs Σ VmRSS").isEqualTo(rssTruth);
    KernelTruth.signal("CONT", all);
  }

  @Test
  void short_lived_children_are_neither_lost_nor_double_counted() throws Exception {
    // Each child burns ~50 ms and is reaped by the shell; stdin gates start and end so the shell is idle
    // (blocked in read) while the test takes its two readings.
    String child = "sh -c 'j=0; while [ $j -lt 60000 ]; do j=$((j+1)); done'";
    String script = "read go; i=0; while [ $i -lt 30 ]; do " + child + "; i=$((i+1)); done; echo finished; read end";
    Process p = start("sh", "-c", script);
    long shell = p.pid();
    // Discovery every sample, so most children are seen alive and then vanish: the reaping path is exercised.
    sampler = startSampler(100);
    sampler.track(0, () -> shell);
    await().atMost(Duration.ofSeconds(5)).until(() -> sampler.latest(0).isPresent());

    Reading a = idleReading(() -> KernelTruth.totalCpuNanos(shell));
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    CompletableFuture<String> finished = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return e.toString();
      }
    });
    OutputStream in = p.getOutputStream();
    in.write("go\n".getBytes(StandardCharsets.US_ASCII));
    in.flush();
    assertThat(finished.get(60, TimeUnit.SECONDS)).as("shell output").isEqualTo("finished");
    Reading b = idleReading(() -> KernelTruth.totalCpuNanos(shell));

    long kernel = b.kernelCpuNanos - a.kernelCpuNanos;
    long sampled = b.sample.cpuNanos() - a.sample.cpuNanos();
    System.out.printf("short-lived children: sampled %d ns, kernel %d ns%n", sampled, kernel);
    assertThat(kernel).as("shell's utime+stime+cutime+cstime growth (ns)").isGreaterThan(300_000_000L);
    assertThat((double) sampled).as("sampled CPU (ns) vs kernel %d ns", kernel)
        .isCloseTo(kernel, within(0.10 * kernel));
  }

  @Test
  void orchestrator_own_cpu_and_rss_are_reported() throws Exception {
    sampler = startSampler(1000);
    long selfPid = ProcessHandle.current().pid();
    long burnUntil = System.nanoTime() + 300_000_000L;
    long x = 0;
    while (System.nanoTime() < burnUntil) {
      x += Long.hashCode(x * 31 + 7);
    }
    assertThat(x).isNotEqualTo(42);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> sampler.selfLatest().map(s -> s.cpuNanos() > 0).orElse(false));
    ResourceSample own = sampler.selfLatest().orElseThrow();
    long rssTruth = KernelTruth.vmRssBytes(selfPid);
    assertThat(own.rootPid()).as("own pid").isEqualTo(selfPid);
    assertThat((double) own.rssBytes()).as("own RSS vs VmRSS %d", rssTruth).isCloseTo(rssTruth, within(0.5 * rssTruth));
    assertThat(sampler.selfWindowStats()).as("own window stats").hasValueSatisfying(s -> {
      assertThat(s.cpuNanos()).isPositive();
      assertThat(s.peakRssBytes()).isPositive();
    });
    assertThat(sampler.source()).isEqualTo("procfs");
    assertThat(sampler.errorCount()).as("failed ticks: %s", sampler.lastError()).isZero();
  }

  @Test
  void window_totals_are_the_per_tick_sum_over_instances() throws Exception {
    Process p1 = start("sleep", "60");
    Process p2 = start("sleep", "60");
    sampler = startSampler(1000);
    sampler.track(0, p1::pid);
    sampler.track(1, p2::pid);
    await().atMost(Duration.ofSeconds(5)).until(() -> sampler.latest(0).isPresent() && sampler.latest(1).isPresent());
    sampler.startWindow();
    long t0 = sampler.tickCount();
    await().atMost(Duration.ofSeconds(10)).until(() -> sampler.tickCount() > t0 + 5);
    ResourceStats one = sampler.windowStats(0).orElseThrow();
    ResourceStats two = sampler.windowStats(1).orElseThrow();
    ResourceStats total = sampler.windowTotals().orElseThrow();
    long truth = KernelTruth.vmRssBytes(p1.pid()) + KernelTruth.vmRssBytes(p2.pid());
    assertThat(total.avgRssBytes()).as("average of the summed RSS vs Σ VmRSS %d", truth)
        .isCloseTo(truth, within(0.10 * truth));
    assertThat(total.peakRssBytes()).as("peak of the sum").isGreaterThanOrEqualTo(one.peakRssBytes());
    assertThat(total.sampleCount()).as("totals ticks vs instance samples")
        .isBetween(one.sampleCount() - 1, one.sampleCount() + 1);
    assertThat(two.cpuNanos()).as("idle sleep's CPU").isLessThan(50_000_000L);

    sampler.untrack(1);
    assertThat(sampler.latest(1)).as("untracked instance").isEmpty();
    assertThat(sampler.series(0)).as("retained series").isNotEmpty();
  }

  @Test
  void restart_starts_a_new_tree_without_counting_the_old_one_twice() throws Exception {
    Process first = start("sh", "-c", BUSY);
    java.util.concurrent.atomic.AtomicLong root = new java.util.concurrent.atomic.AtomicLong(first.pid());
    sampler = startSampler(1000);
    sampler.track(0, root::get);
    await().atMost(Duration.ofSeconds(5)).until(() -> sampler.series(0).size() >= 3);
    long before = sampler.latest(0).orElseThrow().cpuNanos();
    first.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    root.set(-1);
    Thread.sleep(300);
    Process second = start("sh", "-c", BUSY);
    root.set(second.pid());
    await().atMost(Duration.ofSeconds(5))
        .until(() -> sampler.latest(0).map(s -> s.rootPid() == second.pid()).orElse(false));
    Reading b = pausedReading(List.of(second.pid()), () -> KernelTruth.totalCpuNanos(second.pid()));
    long sampledSinceRestart = b.sample.cpuNanos() - before;
    // The new tree's whole CPU is counted, plus at most the old tree's last interval (≤ ~1 core × 0.1 s).
    assertThat(sampledSinceRestart).as("CPU counted since the restart vs the new process's kernel total %d",
        b.kernelCpuNanos).isBetween((long) (0.9 * b.kernelCpuNanos), b.kernelCpuNanos + 250_000_000L);
    List<ResourceSample> series = sampler.series(0);
    for (int i = 1; i < series.size(); i++) {
      assertThat(series.get(i).cpuNanos()).as("cumulative CPU is monotonic").isGreaterThanOrEqualTo(series.get(i - 1).cpuNanos());
    }
  }

  @Test
  void oshi_fallback_samples_a_busy_process() throws Exception {
    Process p = start("sh", "-c", BUSY);
    long pid = p.pid();
    sampler = new ResourceSampler(new OshiProcessTable(), new SamplerSettings(100, 600, 1000));
    sampler.track(0, () -> pid);
    sampler.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> sampler.series(0).size() >= 5);
    ResourceSample last = sampler.latest(0).orElseThrow();
    assertThat(sampler.source()).isEqualTo("oshi");
    assertThat(last.cpuNanos()).as("CPU of a busy process via OSHI").isPositive();
    assertThat(last.rssBytes()).as("RSS via OSHI vs VmRSS %d", KernelTruth.vmRssBytes(pid)).isPositive();
    assertThat(last.processCount()).isEqualTo(1);
  }

  // ---- helpers ----

  private record Reading(ResourceSample sample, long kernelCpuNanos) {}

  interface KernelRead {
    long read();
  }

  /** Stops the processes, waits for a sample taken after they stopped, then reads the kernel counters. */
  private Reading pausedReading(List<Long> pids, KernelRead kernel) {
    KernelTruth.signal("STOP", pids);
    await().atMost(Duration.ofSeconds(5)).until(() -> pids.stream().allMatch(pid -> KernelTruth.state(pid) == 'T'));
    return idleReading(kernel);
  }

  /** Waits for a sample taken after now (the processes are idle), then reads the kernel counters. */
  private Reading idleReading(KernelRead kernel) {
    long after = System.nanoTime();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> sampler.latest(0).map(s -> s.timestampNanos() > after).orElse(false));
    ResourceSample sample = sampler.latest(0).orElseThrow();
    return new Reading(sample, kernel.read());
  }

  private static long sumTotal(List<Long> pids) {
    return pids.stream().mapToLong(KernelTruth::totalCpuNanos).sum();
  }

  private ResourceSampler startSampler(long discoveryMillis) {
    ResourceSampler s = new ResourceSampler(new ProcfsProcessTable(), new SamplerSettings(100, 600, discoveryMillis));
    s.start();
    return s;
  }

  private Process start(String... argv) throws IOException {
    Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    processes.add(p);
    return p;
  }

}
