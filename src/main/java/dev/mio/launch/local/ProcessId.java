package dev.mio.launch.local;

/**
 * A process named by its pid and its start time ({@code /proc/<pid>/stat} field 22, clock ticks after boot),
 * so that a reused pid is never mistaken for the process it once named.
 *
 * @param pid process id, positive
 * @param startTicks start time in clock ticks after boot, 0 or more
 */
public record ProcessId(long pid, long startTicks) {

  public ProcessId {
    if (pid <= 0) {
      throw new IllegalArgumentException("pid must be positive, was " + pid);
    }
    if (startTicks < 0) {
      throw new IllegalArgumentException("startTicks must be 0 or more, was " + startTicks);
    }
  }

  /** Reads the identity of a running process now; empty when there is no such process. */
  public static java.util.Optional<ProcessId> of(long pid) {
    return ProcStat.read(pid).map(ProcStat::id);
  }

  /** Whether this very process still runs (same pid and start time, not a zombie). */
  public boolean isLive() {
    return ProcStat.isLive(this);
  }
}
