package dev.mio.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

  @Test
  void default_backoff_doubles_from_100ms_and_stops_at_30s() {
    RestartPolicy p = RestartPolicy.defaults();
    assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.backoffAfter(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(p.backoffAfter(9)).isEqualTo(Duration.ofMillis(25_600));
    assertThat(p.backoffAfter(10)).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.backoffAfter(1_000)).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.crashLimit()).isEqualTo(5);
    assertThat(p.crashWindow()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void invalid_settings_are_rejected_naming_the_field() {
    assertThatThrownBy(() -> new RestartPolicy(Duration.ZERO, Duration.ofSeconds(1), 5, Duration.ofSeconds(1),
        Duration.ofSeconds(1))).hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 5,
        Duration.ofSeconds(1), Duration.ofSeconds(1))).hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0,
        Duration.ofSeconds(1), Duration.ofSeconds(1))).hasMessageContaining("crashLimit");
    assertThatThrownBy(() -> RestartPolicy.defaults().backoffAfter(0)).hasMessageContaining("consecutiveCrashes");
  }
}
