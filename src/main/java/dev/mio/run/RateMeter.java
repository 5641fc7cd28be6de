package dev.mio.run;

/** Turns a cumulative count sampled now and then into the rate over about the last second. */
final class RateMeter {
  private static final int SLOTS = 32;

  private final long[] nanos = new long[SLOTS];
  private final long[] counts = new long[SLOTS];
  private int next;
  private int filled;

  /** Records the cumulative count at a monotonic instant. */
  synchronized void record(long atNanos, long count) {
    nanos[next] = atNanos;
    counts[next] = count;
    next = (next + 1) % SLOTS;
    filled = Math.min(SLOTS, filled + 1);
  }

  /**
   * The rate per second between the newest record and the newest one at least {@code spanNanos} older, or null when
   * the records do not yet span that long.
   */
  synchronized Double ratePerSecond(long spanNanos) {
    if (filled < 2) {
      return null;
    }
    int newest = (next - 1 + SLOTS) % SLOTS;
    for (int age = 1; age < filled; age++) {
      int i = (newest - age + SLOTS) % SLOTS;
      long elapsed = nanos[newest] - nanos[i];
      if (elapsed >= spanNanos) {
        return (counts[newest] - counts[i]) * 1e9 / elapsed;
      }
    }
    return null;
  }
}
