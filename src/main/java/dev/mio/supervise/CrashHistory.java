package dev.mio.supervise;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;

/**
 * The crashes of one instance, deciding the back-off before its next start or that it is crash-looping.
 * Times are {@link System#nanoTime()} values passed in by the caller; not thread-safe (one owner).
 */
public final class CrashHistory {
  private final RestartPolicy policy;
  private final ArrayDeque<Long> crashTimesNanos = new ArrayDeque<>();
  private int consecutiveCrashes;

  /** An empty history under {@code policy}. */
  public CrashHistory(RestartPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * Records a crash at {@code nowNanos} of a process started at {@code startedNanos}.
   *
   * @return the back-off to wait before the next start, or empty when the crash limit is reached (FAILED)
   */
  public Optional<Duration> onCrash(long startedNanos, long nowNanos) {
    if (nowNanos - startedNanos >= policy.stableAfter().toNanos()) {
      consecutiveCrashes = 0; // it ran long enough: this crash is not part of a streak
    }
    consecutiveCrashes++;
    crashTimesNanos.addLast(nowNanos);
    long windowNanos = policy.crashWindow().toNanos();
    while (!crashTimesNanos.isEmpty() && nowNanos - crashTimesNanos.peekFirst() > windowNanos) {
      crashTimesNanos.removeFirst();
    }
    if (crashTimesNanos.size() >= policy.crashLimit()) {
      return Optional.empty();
    }
    return Optional.of(policy.backoffAfter(consecutiveCrashes));
  }

  /** Crashes in a row without a stable run in between. */
  public int consecutiveCrashes() {
    return consecutiveCrashes;
  }
}
