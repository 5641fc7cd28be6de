package dev.mio.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mio.config.BaselineMode;
import dev.mio.config.KeyDistribution;
import dev.mio.config.LoadModel;
import dev.mio.config.RunSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start body's defaults and fields map onto the run spec; the command always comes from the server. */
class StartRequestTest {
  private static final FixedDeployment FIXED = new FixedDeployment(List.of("my-service", "--port", "{port}"),
      "/ready", Duration.ofSeconds(7));

  private static RunSpec parse(String body) {
    return StartRequest.parse(body.getBytes(StandardCharsets.UTF_8), FIXED);
  }

  @Test
  void empty_body_means_the_documented_defaults() {
    for (String body : new String[] {"", "  \n", "{}"}) {
      RunSpec spec = parse(body);
      assertThat(spec.instances()).isEqualTo(4);
      assertThat(spec.shards()).isEqualTo(2);
      assertThat(spec.baselineMode()).isEqualTo(BaselineMode.MEASURE);
      assertThat(spec.baselineDuration()).isEqualTo(Duration.ofSeconds(5));
      assertThat(spec.warmup()).isEqualTo(Duration.ofSeconds(1));
      assertThat(spec.duration()).isEmpty();
      assertThat(spec.workload().orElseThrow().connections()).isEqualTo(32);
      assertThat(spec.workload().orElseThrow().pathTemplate()).isEqualTo("/work?cpuMicros=200&key={key}");
      assertThat(spec.workload().orElseThrow().keyCount()).isEqualTo(10_000);
      assertThat(spec.command()).isEqualTo(FIXED.command());
      assertThat(spec.healthPath()).isEqualTo("/ready");
      assertThat(spec.readyTimeout()).isEqualTo(Duration.ofSeconds(7));
    }
  }

  @Test
  void every_field_is_honoured() {
    RunSpec spec = parse("{\"instances\":8,\"shards\":4,\"baseline\":\"cached\",\"baselineMs\":1500,\"warmupMs\":0,"
        + "\"durationMs\":2500,\"workload\":{\"model\":\"open\",\"connections\":50,\"rate\":1234.5,"
        + "\"path\":\"/x?k={key}\",\"keyDistribution\":\"zipf\",\"keys\":77,\"zipfExponent\":1.2,\"timeoutMs\":900}}");
    assertThat(spec.instances()).isEqualTo(8);
    assertThat(spec.shards()).isEqualTo(4);
    assertThat(spec.baselineMode()).isEqualTo(BaselineMode.CACHED);
    assertThat(spec.baselineDuration()).isEqualTo(Duration.ofMillis(1500));
    assertThat(spec.warmup()).isZero();
    assertThat(spec.duration()).contains(Duration.ofMillis(2500));
    var w = spec.workload().orElseThrow();
    assertThat(w.model()).isEqualTo(LoadModel.OPEN);
    assertThat(w.connections()).isEqualTo(50);
    assertThat(w.ratePerSecond()).isEqualTo(1234.5);
    assertThat(w.pathTemplate()).isEqualTo("/x?k={key}");
    assertThat(w.keyDistribution()).isEqualTo(KeyDistribution.ZIPF);
    assertThat(w.keyCount()).isEqualTo(77);
    assertThat(w.zipfExponent()).isEqualTo(1.2);
    assertThat(w.timeout()).isEqualTo(Duration.ofMillis(900));
  }

  @Test
  void workload_none_drives_no_load_and_implies_no_baseline() {
    RunSpec spec = parse("{\"workload\":\"none\",\"instances\":1}");
    assertThat(spec.workload()).isEmpty();
    assertThat(spec.baselineMode()).isEqualTo(BaselineMode.NONE);
    assertThat(spec.shards()).isEqualTo(1);
  }

  @Test
  void no_field_can_choose_the_command() {
    for (String field : new String[] {"cmd", "command", "healthPath", "readyTimeout", "argv"}) {
      assertThatThrownBy(() -> parse("{\"" + field + "\":\"rm -rf /\"}")).isInstanceOf(ApiException.class)
          .satisfies(e -> assertThat(((ApiException) e).field()).isEqualTo(field));
    }
  }
}
