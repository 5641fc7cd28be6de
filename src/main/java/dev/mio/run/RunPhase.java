package dev.mio.run;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The lifecycle of the orchestrator, with the moves allowed between phases. */
public enum RunPhase {
  /** Nothing runs; a run may start. */
  IDLE,
  /** Launching the deployment (or the baseline's single instance). */
  STARTING,
  /** Measuring the single-instance baseline. */
  BASELINE,
  /** The deployment runs and is measured. */
  RUNNING,
  /** Stopping the workload and the instances. */
  STOPPING;

  private static final Map<RunPhase, Set<RunPhase>> NEXT = Map.of(
      IDLE, EnumSet.of(STARTING),
      STARTING, EnumSet.of(BASELINE, RUNNING, STOPPING, IDLE),
      BASELINE, EnumSet.of(STARTING, STOPPING, IDLE),
      RUNNING, EnumSet.of(STOPPING),
      STOPPING, EnumSet.of(IDLE));

  /** Whether the move from this phase to {@code next} is allowed. */
  public boolean canMoveTo(RunPhase next) {
    return NEXT.get(this).contains(next);
  }

  /**
   * Returns {@code next} when the move is allowed.
   *
   * @throws IllegalStateException naming both phases when it is not
   */
  public RunPhase moveTo(RunPhase next) {
    if (!canMoveTo(next)) {
      throw new IllegalStateException("run cannot move from " + this + " to " + next);
    }
    return next;
  }

  /** Whether a run is in progress (anything but IDLE). */
  public boolean isActive() {
    return this != IDLE;
  }
}
