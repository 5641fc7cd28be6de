package dev.mio.run;

/** A lifecycle call that does not fit the current phase: a start while a run is active, a stop while idle. */
public final class RunStateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final RunPhase phase;

  /** An error naming the phase the orchestrator was in. */
  public RunStateException(String message, RunPhase phase) {
    super(message);
    this.phase = phase;
  }

  /** The phase the orchestrator was in when the call was refused. */
  public RunPhase phase() {
    return phase;
  }
}
