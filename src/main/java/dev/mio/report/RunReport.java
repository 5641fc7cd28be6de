package dev.mio.report;

import dev.mio.config.WorkloadSpec;
import java.time.Instant;
import java.util.List;

/**
 * The immutable result of one run: the measured deployment, its baseline, their comparison and what the measuring
 * cost.
 *
 * @param workload what the driver sent, or null when only front-door traffic was measured
 * @param baseline the baseline, or null when none was measured or cached
 * @param orchestrator mio's own CPU and memory during the deployment's window, or null when not sampled
 * @param onlineCores cores online on this machine (the denominator of cpuUtilization)
 */
public record RunReport(
    Instant startedAt,
    List<String> command,
    WorkloadSpec workload,
    PhaseResult deployment,
    BaselineResult baseline,
    Comparison comparison,
    ResourceUse orchestrator,
    int onlineCores) {

  public RunReport {
    command = List.copyOf(command);
  }
}
