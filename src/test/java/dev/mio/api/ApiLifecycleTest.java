package dev.mio.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec's curl flow and repeated lifecycles over real HTTP against real worker processes. */
class ApiLifecycleTest {
  private static final String BASE = ApiFixture.BASE;
  private static final String QUICK = "{\"instances\":2,\"shards\":2,\"baseline\":\"none\",\"warmupMs\":0,"
      + "\"workload\":{\"connections\":4,\"path\":\"/work?cpuMicros=100&key={key}\"}}";

  @TempDir Path state;
  private ApiFixture api;

  @BeforeEach
  void setUp() {
    api = new ApiFixture(state);
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  @Test
  void curl_flow_reports_live_figures_then_every_spec_field_and_leaves_no_instance_alive() throws Exception {
    ApiFixture.Reply started = api.post(BASE + "/start",
        "{\"instances\":2,\"shards\":2,\"baselineMs\":700,\"warmupMs\":200,"
            + "\"workload\":{\"connections\":8,\"path\":\"/work?cpuMicros=100&key={key}\"}}");
    assertThat(started.status()).as("start answer %s", started.text()).isEqualTo(200);
    JsonNode body = started.json();
    assertThat(body.path("started").asBoolean()).isTrue();
    assertThat(body.path("instances").asInt()).isEqualTo(2);
    assertThat(body.path("shards").asInt()).isEqualTo(2);
    assertThat(body.path("routerUrl").asText()).startsWith("http://127.0.0.1:");
    assertThat(body.path("baseline").path("source").asText()).isEqualTo("measured");
    assertThat(body.path("baseline").path("throughputPerSec").asDouble()).as("baseline %s", body.path("baseline"))
        .isPositive();
    List<Long> pids = new ArrayList<>();
    body.path("pids").forEach(p -> pids.add(p.asLong()));
    assertThat(pids).hasSize(2).allMatch(ApiFixture::alive, "alive during the run");
    assertThat(body.path("ports")).hasSize(2);

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      JsonNode status = api.get(BASE + "/status").json();
      assertThat(status.path("running").asBoolean()).as("status %s", status).isTrue();
      assertThat(status.path("windowState").asText()).as("status %s", status).isEqualTo("OPEN");
      for (JsonNode instance : status.path("instances")) {
        assertThat(instance.path("requests").asLong()).as("instance %s", instance).isPositive();
        assertThat(instance.path("cpuPercent").isNumber()).as("instance %s", instance).isTrue();
        assertThat(instance.path("rssBytes").asLong()).as("instance %s", instance).isPositive();
      }
      assertThat(status.path("throughputSoFar").asDouble()).as("status %s", status).isPositive();
      assertThat(status.path("latencySoFar").path("p50").isNumber()).as("status %s", status).isTrue();
      assertThat(status.path("speedupSoFar").isNumber()).as("status %s", status).isTrue();
    });
    JsonNode status = api.get(BASE + "/status").json();
    List<Long> statusPids = new ArrayList<>();
    status.path("instances").forEach(i -> statusPids.add(i.path("pid").asLong()));
    assertThat(statusPids).as("status pids vs start pids").isEqualTo(pids);
    Thread.sleep(800);

    ApiFixture.Reply stopped = api.post(BASE + "/stop", "");
    assertThat(stopped.status()).as("stop answer %s", stopped.text()).isEqualTo(200);
    assertThat(stopped.json().path("stopped").asBoolean()).isTrue();
    JsonNode stats = stopped.json().path("stats");
    assertThat(AcceptanceChecks.typeProblems(stats)).as("spec fields of %s", stats).isEmpty();
    assertThat(stats.path("instances").asInt()).isEqualTo(2);
    assertThat(stats.path("shards").asInt()).isEqualTo(2);
    assertThat(stats.path("durationMs").asLong()).isGreaterThan(500);
    assertThat(stats.path("totalRequests").asLong()).isPositive();
    assertThat(stats.path("requestDistribution").size()).isEqualTo(2);
    for (AcceptanceChecks.Check check : AcceptanceChecks.judge(stopped.json())) {
      assertThat(check.passed()).as("%s: %s", check.criterion(), check.measured()).isTrue();
    }
    assertThat(pids).as("instance pids after stop").noneMatch(ApiFixture::alive);

    JsonNode idle = api.get(BASE + "/status").json();
    assertThat(idle.path("running").asBoolean(true)).isFalse();
    assertThat(idle.path("lastRun").path("totalRequests").asLong()).as("last run summary %s", idle)
        .isEqualTo(stats.path("totalRequests").asLong());
  }

  @Test
  void four_cycles_in_one_server_leak_nothing_and_conflicts_answer_409() throws Exception {
    List<Long> allPids = new ArrayList<>();
    long fdsAfterFirst = 0;
    int threadsAfterFirst = 0;
    for (int cycle = 0; cycle < 4; cycle++) {
      String prefix = cycle % 2 == 1 ? "/api/v1" : "";
      ApiFixture.Reply started = api.post(prefix + BASE + "/start", QUICK);
      assertThat(started.status()).as("cycle %d start %s", cycle, started.text()).isEqualTo(200);
      started.json().path("pids").forEach(p -> allPids.add(p.asLong()));

      ApiFixture.Reply again = api.post(BASE + "/start", QUICK);
      assertThat(again.status()).as("second start while running: %s", again.text()).isEqualTo(409);
      assertThat(again.json().path("started").asBoolean(true)).isFalse();
      assertThat(again.json().path("error").asText()).contains("already");

      Thread.sleep(300);
      ApiFixture.Reply stopped = api.post(prefix + BASE + "/stop", "");
      assertThat(stopped.status()).as("cycle %d stop %s", cycle, stopped.text()).isEqualTo(200);
      assertThat(stopped.json().path("stats").path("totalRequests").asLong()).as("cycle %d", cycle).isPositive();
      assertThat(stopped.json().path("stats").path("speedupRatio").isNull()).as("no baseline: speedup null").isTrue();

      ApiFixture.Reply idleStop = api.post(BASE + "/stop", "");
      assertThat(idleStop.status()).isEqualTo(409);
      assertThat(idleStop.json().path("stopped").asBoolean(true)).isFalse();
      assertThat(idleStop.json().path("error").asText()).isEqualTo("not running");
      if (cycle == 0) {
        fdsAfterFirst = openFileDescriptors();
        threadsAfterFirst = Thread.activeCount();
      }
    }
    // The first cycle creates lazily built pools; later cycles must not add descriptors or threads.
    assertThat(openFileDescriptors()).as("open fds after 4 cycles vs after the first (%d)", fdsAfterFirst)
        .isLessThanOrEqualTo(fdsAfterFirst + 8);
    assertThat(Thread.activeCount()).as("threads after 4 cycles vs after the first (%d)", threadsAfterFirst)
        .isLessThanOrEqualTo(threadsAfterFirst + 8);
    assertThat(allPids).as("pids of 4 cycles").hasSize(8).doesNotHaveDuplicates().noneMatch(ApiFixture::alive);
    assertThat(api.descendantsButWatcher()).as("processes left by 4 cycles").isEmpty();
  }

  private static long openFileDescriptors() throws java.io.IOException {
    try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void duration_ms_makes_the_run_stop_itself_and_become_the_last_run() throws Exception {
    ApiFixture.Reply started = api.post(BASE + "/start", QUICK.replace("\"warmupMs\":0", "\"warmupMs\":0,"
        + "\"durationMs\":600"));
    assertThat(started.status()).as("start %s", started.text()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      JsonNode status = api.get(BASE + "/status").json();
      assertThat(status.path("phase").asText()).as("status %s", status).isEqualTo("IDLE");
      assertThat(status.path("lastRun").path("durationMs").asLong()).as("status %s", status).isBetween(500L, 5000L);
    });
    started.json().path("pids").forEach(p -> assertThat(ApiFixture.alive(p.asLong())).isFalse());
  }

  @Test
  void stop_during_the_baseline_cancels_the_start() throws Exception {
    Thread starter = new Thread(() -> {
      try {
        api.post(BASE + "/start", "{\"instances\":1,\"shards\":1,\"baselineMs\":20000,\"warmupMs\":0,"
            + "\"workload\":{\"connections\":2}}");
      } catch (Exception e) {
        // The answer is checked through status below.
      }
    });
    starter.start();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> api.get(BASE + "/status").json().path("phase").asText().equals("BASELINE"));
    long before = System.nanoTime();
    ApiFixture.Reply stopped = api.post(BASE + "/stop", "");
    assertThat(stopped.status()).as("stop %s", stopped.text()).isEqualTo(200);
    assertThat(stopped.json().path("cancelled").asBoolean()).as("stop %s", stopped.text()).isTrue();
    assertThat(stopped.json().path("stats").isNull()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - before)).as("cancel well before the 20 s baseline ends")
        .isLessThan(Duration.ofSeconds(15));
    starter.join(10_000);
    assertThat(api.get(BASE + "/status").json().path("phase").asText()).isEqualTo("IDLE");
    assertThat(api.descendantsButWatcher()).as("processes left by a cancelled start").isEmpty();
  }
}
