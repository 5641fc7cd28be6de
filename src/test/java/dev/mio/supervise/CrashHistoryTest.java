package dev.mio.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CrashHistoryTest {
  private static final long MS = 1_000_000L;
  private final RestartPolicy policy = new RestartPolicy(
      Duration.ofMillis(100), Duration.ofSeconds(30), 3, Duration.ofSeconds(10), Duration.ofSeconds(5));

  @Test
  void crashes_in_a_row_double_the_backoff_until_the_limit_marks_a_crash_loop() {
    CrashHistory h = new CrashHistory(policy);
    assertThat(h.onCrash(0, 50 * MS)).contains(Duration.ofMillis(100));
    assertThat(h.onCrash(200 * MS, 300 * MS)).contains(Duration.ofMillis(200));
    assertThat(h.onCrash(600 * MS, 700 * MS)).isEmpty();
  }

  @Test
  void a_run_longer_than_stable_after_resets_the_backoff() {
    CrashHistory h = new CrashHistory(policy);
    assertThat(h.onCrash(0, 50 * MS)).contains(Duration.ofMillis(100));
    assertThat(h.onCrash(200 * MS, 300 * MS)).contains(Duration.ofMillis(200));
    // up for 20 s: the streak is over, and the first two crashes left the 10 s window
    assertThat(h.onCrash(1_000 * MS, 21_000 * MS)).contains(Duration.ofMillis(100));
    assertThat(h.consecutiveCrashes()).isEqualTo(1);
  }

  @Test
  void crashes_older_than_the_window_do_not_count_toward_the_limit() {
    CrashHistory h = new CrashHistory(policy);
    h.onCrash(0, 1_000 * MS);
    h.onCrash(1_100 * MS, 2_000 * MS);
    assertThat(h.onCrash(2_100 * MS, 12_500 * MS)).as("third crash 11.5 s after the first").isPresent();
  }
}
