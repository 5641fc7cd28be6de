package dev.mio.run;

import dev.mio.analysis.Efficiency;
import dev.mio.analysis.PhaseFigures;
import dev.mio.analysis.ScalingAnalysis;
import dev.mio.config.RunSpec;
import dev.mio.report.BaselineResult;
import dev.mio.report.Comparison;
import dev.mio.report.PhaseResult;
import dev.mio.report.RunReport;
import dev.mio.sample.ResourceStats;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Compares a measured deployment with its baseline and assembles the run's report, naming every null's reason. */
final class RunReports {
  private RunReports() {}

  /** The report of a run whose deployment phase gave {@code result}, compared with {@code baseline} (or null). */
  static RunReport build(RunSpec spec, Instant startedAt, PhaseResult result, BaselineResult baseline,
      ResourceStats orchestratorUse) {
    PhaseResult base = baseline == null ? null : baseline.phase();
    Map<String, String> reasons = new LinkedHashMap<>();
    Double speedup = null;
    Efficiency efficiency = Efficiency.unmeasurable(ScalingAnalysis.NO_BASELINE);
    if (base == null) {
      String why = spec.workload().isEmpty()
          ? "no workload was driven (workload none), so no baseline under the same load exists"
          : "no baseline was measured (baseline none)";
      reasons.put("speedupRatio", why);
      reasons.put("efficiencyScore", why);
    } else if (result.throughputPerSec() == null || base.throughputPerSec() == null) {
      reasons.put("speedupRatio", "a measured window had no length");
      reasons.put("efficiencyScore", "a measured window had no length");
    } else {
      speedup = ScalingAnalysis.speedupRatio(result.throughputPerSec(), base.throughputPerSec());
      if (speedup == null) {
        reasons.put("speedupRatio", ScalingAnalysis.ZERO_BASELINE);
      }
      efficiency = ScalingAnalysis.efficiency(new PhaseFigures(result.throughputPerSec(), result.cpuCoresUsed()),
          new PhaseFigures(base.throughputPerSec(), base.cpuCoresUsed()));
      if (efficiency.score() == null) {
        reasons.put("efficiencyScore", efficiency.nullReason());
      }
    }
    Double skew = ScalingAnalysis.distributionSkew(responsesPerShard(result));
    if (skew == null) {
      reasons.put("distributionSkew", "no response in the window");
    }
    Comparison comparison = new Comparison(speedup, efficiency.score(), efficiency.raw(),
        ScalingAnalysis.parallelEfficiency(speedup, result.instances()), skew, reasons);
    return new RunReport(startedAt, spec.command(), spec.workload().orElse(null), result, baseline,
        comparison, PhaseAssembler.resourceUse(orchestratorUse),
        Runtime.getRuntime().availableProcessors());
  }

  private static long[] responsesPerShard(PhaseResult result) {
    long[] out = new long[result.shardResults().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = result.shardResults().get(i).responses();
    }
    return out;
  }

}
