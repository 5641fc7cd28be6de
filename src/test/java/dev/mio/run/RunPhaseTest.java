package dev.mio.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunPhaseTest {
  @Test
  void the_lifecycle_moves_through_its_phases() {
    RunPhase phase = RunPhase.IDLE.moveTo(RunPhase.STARTING).moveTo(RunPhase.BASELINE).moveTo(RunPhase.STARTING)
        .moveTo(RunPhase.RUNNING).moveTo(RunPhase.STOPPING).moveTo(RunPhase.IDLE);
    assertThat(phase).isEqualTo(RunPhase.IDLE);
  }

  @Test
  void illegal_moves_throw_naming_both_phases() {
    assertThatThrownBy(() -> RunPhase.IDLE.moveTo(RunPhase.RUNNING)).hasMessageContaining("IDLE")
        .hasMessageContaining("RUNNING");
    assertThat(RunPhase.RUNNING.canMoveTo(RunPhase.IDLE)).isFalse();
    assertThat(RunPhase.STOPPING.canMoveTo(RunPhase.RUNNING)).isFalse();
  }
}
