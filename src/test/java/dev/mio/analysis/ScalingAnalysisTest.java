package dev.mio.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScalingAnalysisTest {

  @Test
  void speedup_is_throughput_over_baseline_and_null_without_one() {
    assertThat(ScalingAnalysis.speedupRatio(3000, 1000.0)).isCloseTo(3.0, within(1e-12));
    assertThat(ScalingAnalysis.speedupRatio(3000, null)).isNull();
    assertThat(ScalingAnalysis.speedupRatio(3000, 0.0)).isNull();
  }

  @Test
  void efficiency_compares_work_per_core_and_is_clamped_with_raw_kept() {
    // 4 instances: 3000 req/s on 4 cores (750/core); baseline 1000 req/s on 1 core → 0.75.
    Efficiency e = ScalingAnalysis.efficiency(new PhaseFigures(3000, 4.0), new PhaseFigures(1000, 1.0));
    assertThat(e.score()).isCloseTo(0.75, within(1e-12));
    assertThat(e.raw()).isCloseTo(0.75, within(1e-12));
    // Super-linear (e.g. cache effects): 2400 req/s on 2 cores vs 1000 on 1 → raw 1.2, clamped 1.
    Efficiency superLinear = ScalingAnalysis.efficiency(new PhaseFigures(2400, 2.0), new PhaseFigures(1000, 1.0));
    assertThat(superLinear.score()).isEqualTo(1.0);
    assertThat(superLinear.raw()).isCloseTo(1.2, within(1e-12));
    assertThat(ScalingAnalysis.efficiency(new PhaseFigures(1, null), new PhaseFigures(1, 1.0)).nullReason())
        .contains("CPU");
    assertThat(ScalingAnalysis.efficiency(new PhaseFigures(1, 1.0), null).score()).isNull();
  }

  @Test
  void parallel_efficiency_is_speedup_per_instance() {
    assertThat(ScalingAnalysis.parallelEfficiency(3.0, 4)).isCloseTo(0.75, within(1e-12));
    assertThat(ScalingAnalysis.parallelEfficiency(null, 4)).isNull();
  }

  @Test
  void skew_is_max_over_mean() {
    assertThat(ScalingAnalysis.distributionSkew(new long[] {6250, 6250})).isEqualTo(1.0);
    assertThat(ScalingAnalysis.distributionSkew(new long[] {300, 100, 200})).isCloseTo(1.5, within(1e-12));
    assertThat(ScalingAnalysis.distributionSkew(new long[] {0, 0})).isNull();
  }

  @Test
  void scaling_combines_the_figures_and_names_why_they_are_missing() {
    ScalingFigures f = ScalingAnalysis.scaling(new PhaseFigures(3000, 4.0), new PhaseFigures(1000, 1.0), 4);
    assertThat(f.speedupRatio()).isCloseTo(3.0, within(1e-12));
    assertThat(f.parallelEfficiency()).isCloseTo(0.75, within(1e-12));
    assertThat(f.efficiency().score()).isCloseTo(0.75, within(1e-12));
    ScalingFigures none = ScalingAnalysis.scaling(new PhaseFigures(3000, 4.0), null, 4);
    assertThat(none.speedupRatio()).isNull();
    assertThat(none.nullReason()).isEqualTo(ScalingAnalysis.NO_BASELINE);
    assertThat(none.efficiency().nullReason()).isEqualTo(ScalingAnalysis.NO_BASELINE);
  }
}
