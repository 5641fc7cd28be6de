package dev.mio.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.mio.worker.BuiltInWorker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sampler against the built-in worker, whose CPU and memory the test drives over HTTP. */
class WorkerSamplingTest {

  private static final long MIB = 1L << 20;

  private Process worker;
  private int port;
  private ResourceSampler sampler;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void startWorker() throws Exception {
    List<String> argv = BuiltInWorker.commandTemplate().stream()
        .map(a -> a.replace(BuiltInWorker.PORT_PLACEHOLDER, "0"))
        .collect(Collectors.toList());
    worker = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.US_ASCII));
    String line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    }).get(30, TimeUnit.SECONDS);
    assertThat(line).as("worker's listening line").isNotNull().contains("listening on");
    String address = line.split(" ")[3];
    port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    assertThat(get("/health")).as("worker health").isEqualTo(200);
    sampler = new ResourceSampler(new ProcfsProcessTable(), SamplerSettings.defaults());
    long pid = worker.pid();
    sampler.track(0, () -> pid);
    sampler.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> sampler.latest(0).isPresent());
  }

  @AfterEach
  void stop() throws Exception {
    if (sampler != null) {
      sampler.close();
    }
    if (worker != null) {
      worker.descendants().forEach(ProcessHandle::destroyForcibly);
      worker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void alloc_200_mb_raises_sampled_rss_by_200_mb() throws Exception {
    ResourceSample before = sampleAfterNow();
    long vmRssBefore = KernelTruth.vmRssBytes(worker.pid());
    assertThat(get("/alloc?mb=200")).as("/alloc status").isEqualTo(200);
    ResourceSample after = sampleAfterNow();
    long vmRssAfter = KernelTruth.vmRssBytes(worker.pid());

    long expected = 200 * MIB;
    System.out.printf("alloc 200 MiB: sampled RSS %d -> %d (+%d), VmRSS +%d%n", before.rssBytes(), after.rssBytes(),
        after.rssBytes() - before.rssBytes(), vmRssAfter - vmRssBefore);
    assertThat((double) (after.rssBytes() - before.rssBytes()))
        .as("sampled RSS growth (bytes) after /alloc?mb=200; VmRSS grew %d", vmRssAfter - vmRssBefore)
        .isCloseTo(expected, within(0.10 * expected));
    assertThat((double) after.rssBytes()).as("sampled RSS vs VmRSS %d", vmRssAfter)
        .isCloseTo(vmRssAfter, within(0.05 * vmRssAfter));

    assertThat(get("/free")).as("/free status").isEqualTo(200);
    ResourceSample freed = sampleAfterNow();
    assertThat(freed.rssBytes()).as("sampled RSS after /free").isLessThan(after.rssBytes() - expected / 2);
  }

  @Test
  void cpu_of_served_work_matches_kernel_counters() throws Exception {
    long pid = worker.pid();
    ResourceSample a = sampleAfterNow();
    long kernelA = KernelTruth.totalCpuNanos(pid);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    int served = 0;
    for (int i = 0; i < 1000 && System.nanoTime() < deadline; i++) {
      assertThat(get("/work?cpuMicros=20000")).as("/work status").isEqualTo(200);
      served++;
    }
    ResourceSample b = sampleAfterNow();
    long kernelB = KernelTruth.totalCpuNanos(pid);

    long kernel = kernelB - kernelA;
    long sampled = b.cpuNanos() - a.cpuNanos();
    System.out.printf("worker /work x%d: sampled %d ns, kernel %d ns%n", served, sampled, kernel);
    assertThat(kernel).as("kernel CPU of the worker serving %d × 20 ms of work (ns)", served)
        .isGreaterThan(served * 10_000_000L);
    assertThat((double) sampled).as("sampled CPU (ns) vs kernel utime+stime delta %d ns", kernel)
        .isCloseTo(kernel, within(0.10 * kernel));
  }

  /** A sample taken after this call (the worker idle meanwhile). */
  private ResourceSample sampleAfterNow() {
    long after = System.nanoTime();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> sampler.latest(0).map(s -> s.timestampNanos() > after).orElse(false));
    return sampler.latest(0).orElseThrow();
  }

  private int get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
