package dev.mio.supervise;

import java.time.Duration;
import java.util.Objects;

/**
 * How supervision restarts an instance that exited unexpectedly: exponential back-off, a crash-loop limit, and
 * when the back-off starts over.
 *
 * @param initialBackoff wait before the first restart; doubles with every consecutive crash
 * @param maxBackoff the back-off never grows beyond this
 * @param crashLimit this many crashes within {@code crashWindow} mark the instance FAILED, 1 or more
 * @param crashWindow the sliding window the crash limit counts in
 * @param stableAfter an instance that stayed up this long before crashing starts again at {@code initialBackoff}
 */
public record RestartPolicy(
    Duration initialBackoff, Duration maxBackoff, int crashLimit, Duration crashWindow, Duration stableAfter) {

  public RestartPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(crashWindow, "crashWindow");
    Objects.requireNonNull(stableAfter, "stableAfter");
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive, was " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be at least initialBackoff (" + initialBackoff + "), was " + maxBackoff);
    }
    if (crashLimit < 1) {
      throw new IllegalArgumentException("crashLimit must be 1 or more, was " + crashLimit);
    }
    if (crashWindow.isNegative() || crashWindow.isZero()) {
      throw new IllegalArgumentException("crashWindow must be positive, was " + crashWindow);
    }
    if (stableAfter.isNegative() || stableAfter.isZero()) {
      throw new IllegalArgumentException("stableAfter must be positive, was " + stableAfter);
    }
  }

  /** 100 ms doubling to 30 s; 5 crashes within 30 s is a crash loop; back-off resets after 10 s up. */
  public static RestartPolicy defaults() {
    return new RestartPolicy(
        Duration.ofMillis(100), Duration.ofSeconds(30), 5, Duration.ofSeconds(30), Duration.ofSeconds(10));
  }

  /**
   * The wait before restarting after the {@code consecutiveCrashes}-th crash in a row:
   * {@code min(maxBackoff, initialBackoff × 2^(consecutiveCrashes − 1))}.
   */
  public Duration backoffAfter(int consecutiveCrashes) {
    if (consecutiveCrashes < 1) {
      throw new IllegalArgumentException("consecutiveCrashes must be 1 or more, was " + consecutiveCrashes);
    }
    long max = maxBackoff.toNanos();
    long delay = initialBackoff.toNanos();
    for (int i = 1; i < consecutiveCrashes && delay < max; i++) {
      delay = delay > max / 2 ? max : delay * 2;
    }
    return Duration.ofNanos(Math.min(delay, max));
  }
}
