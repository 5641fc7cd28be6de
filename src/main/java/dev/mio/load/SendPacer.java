package dev.mio.load;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * Waits for the open model's next intended send time on a lane's event loop, never letting a request go before it:
 * a send due within {@link #SPIN_NANOS} is waited for by spinning, a later one by one timer wake-up armed ahead of
 * it by the lateness recent wake-ups showed, the rest being spun. Lane thread only; allocates only Netty's
 * scheduled task per wake-up.
 */
final class SendPacer {
  /**
   * Waits shorter than this are spun rather than slept: on this kind of VM a timer wake-up costs ≈ 35–40 µs of
   * kernel time and arrives late, so a short spin is on time for about the CPU a wake-up costs. Measured at 10 000
   * req/s on one lane (bench/ab-driver.sh, open model): 30 µs used 0.92× the lane CPU of 50 µs at the same p50 from
   * the intended send (1.01×); 20 µs used 0.82× but its p50 was 1.15×.
   */
  static final long SPIN_NANOS = 30_000;
  // Spinning blocks the lane's I/O: past this much in one drain the loop yields (a task, no timer) and comes back.
  private static final long MAX_SPIN_PER_DRAIN_NANOS = 2 * SPIN_NANOS;

  private final EventLoop loop;
  private final Runnable onDue;
  private final Runnable fired = this::fired;
  private boolean pending;
  private boolean pendingIsTimer;
  private long targetNanos;
  private long wakeEarlyNanos;
  private long spunNanos;

  /** A pacer that runs {@code onDue} on {@code loop} when a wake-up it armed fires. */
  SendPacer(EventLoop loop, Runnable onDue) {
    this.loop = loop;
    this.onDue = onDue;
  }

  /** Starts a drain: the spin budget is per drain. */
  void beginDrain() {
    spunNanos = 0;
  }

  /**
   * Whether {@code intendedNanos} (System.nanoTime) has come, spinning up to {@link #SPIN_NANOS} for it; false
   * means the caller must return to the event loop, and a wake-up is armed to call it back.
   */
  boolean reached(long intendedNanos) {
    long now = System.nanoTime();
    long early = intendedNanos - now;
    if (early <= 0) {
      return true;
    }
    if (early <= SPIN_NANOS) {
      if (spunNanos + early <= MAX_SPIN_PER_DRAIN_NANOS) {
        while (System.nanoTime() - intendedNanos < 0) {
          Thread.onSpinWait();
        }
        spunNanos += early;
        return true;
      }
      if (!pending) {
        pending = true;
        pendingIsTimer = false;
        loop.execute(fired); // let I/O in, then come straight back (no timer to arm)
      }
      return false;
    }
    if (!pending) {
      pending = true;
      pendingIsTimer = true;
      targetNanos = intendedNanos - wakeEarlyNanos;
      loop.schedule(fired, targetNanos - now, TimeUnit.NANOSECONDS);
    }
    return false;
  }

  /** How far ahead of a due send the timer is armed now (the recent wake-up lateness, at most the spin limit). */
  long wakeEarlyNanos() {
    return wakeEarlyNanos;
  }

  private void fired() {
    pending = false;
    if (pendingIsTimer) {
      long late = Math.max(0, Math.min(SPIN_NANOS, System.nanoTime() - targetNanos));
      wakeEarlyNanos += (late - wakeEarlyNanos) / 8; // a moving average: one slow wake-up moves it by 1/8
    }
    onDue.run();
  }
}
