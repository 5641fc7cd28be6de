package dev.mio.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunSpecTest {
  private static RunSpec spec(int instances, int shards, Optional<WorkloadSpec> workload, BaselineMode mode) {
    return new RunSpec(instances, shards, List.of("worker", "{port}"), "/health", workload, mode,
        Duration.ofSeconds(5), Duration.ofSeconds(1), Optional.of(Duration.ofSeconds(10)), Duration.ofSeconds(30));
  }

  @Test
  void accepts_the_defaults_of_the_design() {
    RunSpec spec = spec(4, 2, Optional.of(WorkloadSpec.defaults(4)), BaselineMode.MEASURE);
    assertThat(spec.wantsBaseline()).isTrue();
    assertThat(spec.workload().orElseThrow().connections()).isEqualTo(32);
    assertThat(WorkloadSpec.defaults(1).connections()).isEqualTo(16);
  }

  @Test
  void rejects_out_of_range_instances_and_shards_naming_the_rule() {
    Optional<WorkloadSpec> w = Optional.of(WorkloadSpec.defaults(4));
    assertThatThrownBy(() -> spec(0, 1, w, BaselineMode.NONE)).hasMessageContaining("instances must be 1..256");
    assertThatThrownBy(() -> spec(257, 1, w, BaselineMode.NONE)).hasMessageContaining("instances must be 1..256");
    assertThatThrownBy(() -> spec(2, 3, w, BaselineMode.NONE)).hasMessageContaining("shards must be 1..instances");
    assertThatThrownBy(() -> spec(2, 0, w, BaselineMode.NONE)).hasMessageContaining("shards must be 1..instances");
  }

  @Test
  void a_baseline_needs_a_workload() {
    assertThatThrownBy(() -> spec(2, 1, Optional.empty(), BaselineMode.MEASURE))
        .hasMessageContaining("a baseline needs a workload");
    assertThat(spec(2, 1, Optional.empty(), BaselineMode.NONE).wantsBaseline()).isFalse();
  }

  @Test
  void workload_rejects_bad_values_naming_the_field() {
    assertThatThrownBy(() -> WorkloadSpec.closed(0, "/x")).hasMessageContaining("connections");
    assertThatThrownBy(() -> WorkloadSpec.closed(1, "no-slash")).hasMessageContaining("path");
    assertThatThrownBy(() -> WorkloadSpec.closed(1, "/a b")).hasMessageContaining("path");
    assertThatThrownBy(() -> WorkloadSpec.open(0, 1, "/x")).hasMessageContaining("rate");
    assertThatThrownBy(() -> WorkloadSpec.closed(1, "/x").withKeys(KeyDistribution.ZIPF, 0, 1))
        .hasMessageContaining("keys");
    assertThatThrownBy(() -> WorkloadSpec.closed(1, "/x").withTimeout(Duration.ZERO)).hasMessageContaining("timeout");
  }
}
