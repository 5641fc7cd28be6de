package dev.mio.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mio.config.BaselineMode;
import dev.mio.config.RunSpec;
import dev.mio.config.WorkloadSpec;
import dev.mio.launch.local.LocalProcessLauncher;
import dev.mio.launch.local.StateFolder;
import dev.mio.proxy.FrontDoorOptions;
import dev.mio.report.ReportJson;
import dev.mio.report.RunReport;
import dev.mio.sample.SamplerSettings;
import dev.mio.supervise.RestartPolicy;
import dev.mio.worker.BuiltInWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs on real worker processes: the report's figures against the workers' own counts and known capacities. */
class OrchestratorTest {
  @TempDir Path state;

  private StatsCapturingLauncher launcher;
  private LocalProcessLauncher realLauncher;
  private Orchestrator orchestrator;

  @BeforeEach
  void setUp() {
    realLauncher = new LocalProcessLauncher(new StateFolder(state), RestartPolicy.defaults(), Duration.ofSeconds(3));
    launcher = new StatsCapturingLauncher(realLauncher);
    orchestrator = new Orchestrator(launcher, state, SamplerSettings.defaults(), FrontDoorOptions.defaults());
  }

  @AfterEach
  void tearDown() {
    orchestrator.close();
    realLauncher.close();
  }

  static RunSpec spec(int instances, int shards, WorkloadSpec workload, BaselineMode baseline, Duration baselineTime,
      Duration warmup, Duration window) {
    return new RunSpec(instances, shards, BuiltInWorker.commandTemplate(), "/health", Optional.of(workload), baseline,
        baselineTime, warmup, Optional.of(window), Duration.ofSeconds(30));
  }

  private RunReport run(RunSpec spec) throws Exception {
    orchestrator.start(spec);
    Thread.sleep(spec.warmup().toMillis() + spec.duration().orElseThrow().toMillis());
    return orchestrator.stop().orElseThrow();
  }

  @Test
  void report_counts_exactly_the_requests_the_workers_served() throws Exception {
    RunReport report = run(spec(2, 2, WorkloadSpec.closed(8, "/work?cpuMicros=100&key={key}"), BaselineMode.NONE,
        Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(2)));

    List<Long> served = launcher.lastServed();
    long servedTotal = served.stream().mapToLong(Long::longValue).sum();
    var accounting = report.deployment().accounting();
    assertThat(served).as("workers' own /stats counts").allMatch(n -> n > 0);
    assertThat(accounting.isBalanced()).as("sent == sum of buckets: %s", accounting).isTrue();
    assertThat(report.deployment().totalRequests()).as("report vs workers' own count %d (cancelled %d)",
        servedTotal, accounting.cancelled()).isBetween(servedTotal - accounting.cancelled(), servedTotal);
    assertThat(accounting.ok() + accounting.http4xx() + accounting.http5xx())
        .as("with no warm-up every response falls in the window").isEqualTo(report.deployment().totalRequests());
    for (var instance : report.deployment().instanceResults()) {
      assertThat(instance.responses()).as("instance %d vs its own count", instance.id())
          .isBetween(served.get(instance.id()) - accounting.cancelled(), served.get(instance.id()));
    }
  }

  @Test
  void four_one_at_a_time_instances_give_a_speedup_of_about_four() throws Exception {
    RunReport report = run(spec(4, 2, WorkloadSpec.closed(32, "/sleep?ms=10&key={key}"), BaselineMode.MEASURE,
        Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ofSeconds(3)));

    double base = report.baseline().phase().throughputPerSec();
    assertThat(base).as("baseline of a worker sleeping 10 ms per request, one at a time").isBetween(60.0, 101.0);
    assertThat(report.comparison().speedupRatio())
        .as("speedup: %.1f req/s over a %.1f req/s baseline", report.deployment().throughputPerSec(), base)
        .isCloseTo(4.0, within(0.4));
    assertThat(report.comparison().parallelEfficiency()).isCloseTo(1.0, within(0.1));
  }

  @Test
  void two_instances_give_a_speedup_of_about_two_and_the_stats_have_the_spec_shape() throws Exception {
    RunReport report = run(spec(2, 2, WorkloadSpec.closed(16, "/sleep?ms=10&key={key}"), BaselineMode.MEASURE,
        Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ofSeconds(3)));

    assertThat(report.comparison().speedupRatio()).as("speedup over %.1f req/s",
        report.baseline().phase().throughputPerSec()).isCloseTo(2.0, within(0.2));

    JsonNode stats = ReportJson.stats(report);
    assertThat(stats.get("instances").isInt()).isTrue();
    assertThat(stats.get("shards").isInt()).isTrue();
    assertThat(stats.get("durationMs").isIntegralNumber()).isTrue();
    assertThat(stats.get("speedupRatio").isNumber()).isTrue();
    assertThat(stats.get("cpuUtilization").asText()).matches("\\d+%");
    assertThat(stats.get("memoryUsage").asText()).matches("\\d+MB");
    assertThat(stats.get("throughput").asText()).matches("\\d+ req/sec");
    assertThat(stats.get("latencyP50").isNumber()).isTrue();
    assertThat(stats.get("latencyP95").isNumber()).isTrue();
    assertThat(stats.get("latencyP99").isNumber()).isTrue();
    assertThat(stats.get("efficiencyScore").isNumber()).isTrue();
    assertThat(stats.get("requestDistribution").isObject()).isTrue();
    assertThat(stats.get("requestDistribution").size()).isEqualTo(2);
    assertThat(stats.get("totalRequests").isIntegralNumber()).isTrue();
    assertThat(stats.get("details").get("perInstance").size()).isEqualTo(2);
    long sum = stats.get("requestDistribution").get("0").asLong() + stats.get("requestDistribution").get("1").asLong();
    assertThat(sum).isEqualTo(stats.get("totalRequests").asLong());
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(report.deployment().cpuCoresUsed()).as("instances' CPU").isPositive().isLessThanOrEqualTo(cores);
    assertThat(report.deployment().totalResources().avgRssBytes()).as("two JVM workers' RSS")
        .isBetween(20L << 20, 400L << 20);
  }

  @Test
  void latency_below_capacity_is_the_service_time() throws Exception {
    RunReport report = run(spec(2, 1, WorkloadSpec.closed(2, "/sleep?ms=20&key={key}"), BaselineMode.NONE,
        Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(2)));
    double yardstick = independentMedianOfSleep20();

    assertThat(yardstick).as("an independent client's median of /sleep?ms=20 on a worker").isBetween(19.0, 26.0);
    assertThat(report.deployment().latency().p50Ms())
        .as("p50 of /sleep?ms=20 with a free replica for each request, vs an independent client's %.3f ms", yardstick)
        .isCloseTo(yardstick, within(yardstick * 0.10));
    assertThat(report.deployment().latency().p50Ms()).as("p50 not below the 20 ms the worker sleeps, less 10 %%")
        .isGreaterThanOrEqualTo(18.0);
    assertThat(report.comparison().speedupRatio()).isNull();
    assertThat(report.comparison().nullReasons()).containsKey("speedupRatio");
  }

  /** The median of /sleep?ms=20 on a fresh built-in worker, timed by a client that shares no code with mio. */
  private static double independentMedianOfSleep20() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    List<String> argv = new java.util.ArrayList<>();
    for (String word : BuiltInWorker.commandTemplate()) {
      argv.add(word.replace("{port}", Integer.toString(port)));
    }
    Process worker = new ProcessBuilder(argv).redirectErrorStream(true).start();
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(worker.getInputStream()))) {
      String line = lines.readLine();
      assertThat(line).as("worker start line").contains("listening");
      return dev.mio.testsupport.RawHttpTimer.medianMillis("127.0.0.1", port, "/sleep?ms=20", 60);
    } finally {
      worker.destroyForcibly().waitFor();
    }
  }

  @Test
  void with_no_workload_the_report_counts_the_traffic_of_the_front_door() throws Exception {
    RunSpec spec = new RunSpec(2, 2, BuiltInWorker.commandTemplate(), "/health", Optional.empty(), BaselineMode.NONE,
        Duration.ofSeconds(1), Duration.ZERO, Optional.empty(), Duration.ofSeconds(30));
    StartedRun started = orchestrator.start(spec);
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    long[] perShard = new long[2];
    for (int i = 0; i < 60; i++) {
      String key = "user-" + i;
      var response = client.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(started.routerUrl() + "/work?cpuMicros=50")).header("X-Shard-Key", key).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      int shard = Integer.parseInt(response.headers().firstValue("X-Shard-Id").orElseThrow());
      assertThat(shard).as("shard of key %s", key).isEqualTo(dev.mio.route.ShardRouter.shardOf(key, 2));
      perShard[shard]++;
    }
    RunReport report = orchestrator.stop().orElseThrow();

    assertThat(report.deployment().totalRequests()).as("window %d ms, accounting %s", report.deployment().windowMillis(), report.deployment().accounting()).isEqualTo(60);
    assertThat(report.deployment().shardResults().get(0).responses()).isEqualTo(perShard[0]);
    assertThat(report.deployment().shardResults().get(1).responses()).isEqualTo(perShard[1]);
    assertThat(report.workload()).isNull();
    assertThat(report.comparison().speedupRatio()).isNull();
    assertThat(report.comparison().nullReasons().get("speedupRatio")).contains("no workload");
  }

  @Test
  void a_cached_baseline_is_reused_with_its_date() throws Exception {
    RunSpec spec = spec(1, 1, WorkloadSpec.closed(4, "/sleep?ms=5&key={key}"), BaselineMode.CACHED,
        Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1));
    RunReport first = run(spec);
    RunReport second = run(spec);

    assertThat(first.baseline().source()).isEqualTo("measured");
    assertThat(second.baseline().source()).isEqualTo("cached");
    assertThat(second.baseline().measuredAt()).isEqualTo(first.baseline().measuredAt());
    assertThat(second.baseline().phase().totalRequests()).isEqualTo(first.baseline().phase().totalRequests());
  }
}
