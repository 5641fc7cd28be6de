package dev.mio.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one run needs: the deployment, the workload, the baseline and the phase durations.
 *
 * @param instances number of instances N, 1..256
 * @param shards number of shards S, 1..N
 * @param command argv template of an instance with {port}, {shard}, {instance}
 * @param healthPath path answering 2xx when an instance is ready
 * @param workload what the driver sends, or empty to drive no load (only front-door traffic is measured)
 * @param baselineMode where the baseline comes from
 * @param baselineDuration measured length of the baseline phase (after its own warm-up)
 * @param warmup load before each measured window, excluded from it
 * @param duration length of the measured window, or empty to run until stopped
 * @param readyTimeout how long each instance may take to answer its health path
 */
public record RunSpec(
    int instances,
    int shards,
    List<String> command,
    String healthPath,
    Optional<WorkloadSpec> workload,
    BaselineMode baselineMode,
    Duration baselineDuration,
    Duration warmup,
    Optional<Duration> duration,
    Duration readyTimeout) {

  /** Longest accepted phase (window, baseline or warm-up). */
  public static final Duration MAX_PHASE = Duration.ofHours(24);

  public RunSpec {
    command = List.copyOf(command);
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(baselineMode, "baselineMode");
    Objects.requireNonNull(duration, "duration");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must have at least one word");
    }
    if (instances < 1 || instances > 256) {
      throw new IllegalArgumentException("instances must be 1..256, was " + instances);
    }
    if (shards < 1 || shards > instances) {
      throw new IllegalArgumentException("shards must be 1..instances (" + instances + "), was " + shards);
    }
    if (healthPath == null || !healthPath.startsWith("/") || healthPath.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException("health path must start with '/' and have no spaces, was " + healthPath);
    }
    requirePhase("baseline duration", baselineDuration, false);
    requirePhase("warm-up", warmup, true);
    duration.ifPresent(d -> requirePhase("duration", d, false));
    requirePhase("ready timeout", readyTimeout, false);
    if (workload.isEmpty() && baselineMode != BaselineMode.NONE) {
      throw new IllegalArgumentException("a baseline needs a workload: with workload none, baseline must be none");
    }
  }

  private static void requirePhase(String name, Duration value, boolean zeroAllowed) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || (!zeroAllowed && value.isZero()) || value.compareTo(MAX_PHASE) > 0) {
      throw new IllegalArgumentException(
          name + " must be " + (zeroAllowed ? "≥0" : ">0") + " and ≤24h, was " + Durations.format(value));
    }
  }

  /** Whether a baseline is part of this run. */
  public boolean wantsBaseline() {
    return baselineMode != BaselineMode.NONE;
  }
}
