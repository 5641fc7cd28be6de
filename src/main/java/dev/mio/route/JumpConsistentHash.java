package dev.mio.route;

/**
 * Jump Consistent Hash: maps a 64-bit key to one of {@code buckets} buckets evenly, moving only 1/n of the keys
 * when the n-th bucket is added.
 *
 * @see <a href="https://arxiv.org/abs/1406.2294">Lamping &amp; Veach, "A Fast, Minimal Memory, Consistent Hash
 *     Algorithm", 2014</a>
 */
public final class JumpConsistentHash {
  private static final long LCG_MULTIPLIER = 2862933555777941757L;
  private static final double TWO_POW_31 = (double) (1L << 31);

  private JumpConsistentHash() {}

  /**
   * The bucket of {@code key} among {@code buckets}, in {@code [0, buckets)}.
   *
   * @param key the key's 64-bit hash (treated as unsigned)
   * @param buckets number of buckets, at least 1
   */
  public static int bucket(long key, int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, was " + buckets);
    }
    long b = -1;
    long j = 0;
    while (j < buckets) {
      b = j;
      key = key * LCG_MULTIPLIER + 1;
      // IEEE double division, as in the paper, so that every language computes the same jumps.
      j = (long) ((b + 1) * (TWO_POW_31 / (double) ((key >>> 33) + 1)));
    }
    return (int) b;
  }
}
