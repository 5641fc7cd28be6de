package dev.mio.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics parses as Prometheus text and carries per-instance series only while a deployment runs. */
class MetricsEndpointTest {
  private static final Pattern HELP = Pattern.compile("# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*");
  private static final Pattern TYPE = Pattern.compile("# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* "
      + "(counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\",?)*\\})? "
          + "(-?[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|[+-]Inf)( -?[0-9]+)?");

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
  void metrics_parse_as_prometheus_text_with_per_instance_series_during_a_run_only() throws Exception {
    List<Sample> idle = parse(api.get("/metrics"));
    assertThat(idle).as("idle: the phase only").anyMatch(s -> s.name.equals("mio_run_phase")
        && s.labels.contains("phase=\"IDLE\"") && s.value == 1.0);
    assertThat(idle).as("idle: no per-instance series").noneMatch(s -> s.name.startsWith("mio_instance_"));

    ApiFixture.Reply started = api.post(ApiFixture.BASE + "/start", "{\"instances\":2,\"shards\":2,"
        + "\"baseline\":\"none\",\"warmupMs\":0,\"workload\":{\"connections\":4,\"path\":\"/work?cpuMicros=100&key={key}\"}}");
    assertThat(started.status()).as("start %s", started.text()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      List<Sample> running = parse(api.get("/metrics"));
      for (String instance : new String[] {"0", "1"}) {
        for (String name : new String[] {"mio_instance_cpu_percent", "mio_instance_rss_bytes",
            "mio_instance_requests_total", "mio_instance_restarts_total"}) {
          assertThat(running).as("%s of instance %s", name, instance).anyMatch(s -> s.name.equals(name)
              && s.labels.contains("instance=\"" + instance + "\""));
        }
      }
      assertThat(running).anyMatch(s -> s.name.equals("mio_shard_latency_window_ms"));
      assertThat(running).anyMatch(s -> s.name.equals("mio_orchestrator_rss_bytes") && s.value > 0);
      assertThat(running).anyMatch(s -> s.name.equals("mio_run_phase") && s.labels.contains("RUNNING")
          && s.value == 1.0);
    });
    // The requests series against the status view taken right after: counts only grow.
    List<Sample> scrape = parse(api.get("/metrics"));
    JsonNode status = api.get(ApiFixture.BASE + "/status").json();
    for (JsonNode instance : status.path("instances")) {
      double scraped = value(scrape, "mio_instance_requests_total", "instance=\"" + instance.path("id").asInt() + "\"");
      assertThat(scraped).as("scraped requests of instance %s vs status %s", instance.path("id"), instance)
          .isPositive().isLessThanOrEqualTo(instance.path("requests").asDouble());
      double rss = value(scrape, "mio_instance_rss_bytes", "instance=\"" + instance.path("id").asInt() + "\"");
      assertThat(rss).as("RSS of pid %s", instance.path("pid")).isGreaterThan(1024 * 1024);
    }
    assertThat(api.post(ApiFixture.BASE + "/stop", "").status()).isEqualTo(200);
    assertThat(parse(api.get("/metrics"))).as("after stop: per-instance series gone")
        .noneMatch(s -> s.name.startsWith("mio_instance_"));
  }

  private static double value(List<Sample> samples, String name, String label) {
    return samples.stream().filter(s -> s.name.equals(name) && s.labels.contains(label)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " with " + label)).value;
  }

  private static List<Sample> parse(ApiFixture.Reply reply) {
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("text/plain");
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    for (String line : reply.text().split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# HELP")) {
        assertThat(line).as("HELP line").matches(HELP);
      } else if (line.startsWith("# TYPE")) {
        assertThat(line).as("TYPE line").matches(TYPE);
        String[] parts = line.split(" ");
        types.put(parts[2], parts[3]);
      } else if (line.startsWith("#")) {
        continue;
      } else {
        Matcher m = SAMPLE.matcher(line);
        assertThat(m.matches()).as("sample line '%s'", line).isTrue();
        String name = m.group(1);
        String family = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
        assertThat(types).as("TYPE declared before %s", name).containsAnyOf(
            Map.entry(name, types.getOrDefault(name, "")), Map.entry(family, types.getOrDefault(family, "")));
        samples.add(new Sample(name, m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(4))));
      }
    }
    return samples;
  }

  private static final class Sample {
    final String name;
    final String labels;
    final double value;

    Sample(String name, String labels, double value) {
      this.name = name;
      this.labels = labels;
      this.value = value;
    }
  }
}
