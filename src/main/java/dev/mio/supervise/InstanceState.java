package dev.mio.supervise;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The life of one instance under supervision, with the moves allowed between states. */
public enum InstanceState {
  /** Process started, health path not yet answering 2xx. */
  STARTING,
  /** Health path answered 2xx: requests may be routed to it. */
  READY,
  /** Exited unexpectedly; waiting out its back-off before the next start. */
  RESTARTING,
  /** Crashed too often in a short time: no longer restarted. */
  FAILED,
  /** Being stopped on purpose (SIGTERM, grace, SIGKILL). */
  STOPPING,
  /** Stopped on purpose; no process of it is alive. */
  STOPPED;

  private static final Map<InstanceState, Set<InstanceState>> NEXT = Map.of(
      STARTING, EnumSet.of(READY, RESTARTING, FAILED, STOPPING),
      READY, EnumSet.of(RESTARTING, FAILED, STOPPING),
      RESTARTING, EnumSet.of(STARTING, FAILED, STOPPING),
      FAILED, EnumSet.of(STOPPING, STOPPED),
      STOPPING, EnumSet.of(STOPPED),
      STOPPED, EnumSet.noneOf(InstanceState.class));

  /** Whether the move from this state to {@code next} is allowed. */
  public boolean canMoveTo(InstanceState next) {
    return NEXT.get(this).contains(next);
  }

  /**
   * Returns {@code next} when the move is allowed.
   *
   * @throws IllegalStateException naming both states when it is not
   */
  public InstanceState moveTo(InstanceState next) {
    if (!canMoveTo(next)) {
      throw new IllegalStateException("instance cannot move from " + this + " to " + next);
    }
    return next;
  }
}
