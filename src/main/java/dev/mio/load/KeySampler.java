package dev.mio.load;

import dev.mio.config.WorkloadSpec;
import java.util.SplittableRandom;

/** Picks the key of the next request, 0..K-1; one instance per lane, not thread-safe, allocation-free. */
interface KeySampler {

  /** The next key index in {@code [0, keyCount)}. */
  int nextKey();

  /** A sampler for the workload's key distribution, seeded so that lanes draw independent streams. */
  static KeySampler of(WorkloadSpec spec, long seed, int lane, int lanes) {
    int k = spec.keyCount();
    switch (spec.keyDistribution()) {
      case ZIPF:
        return new ZipfKeySampler(k, spec.zipfExponent(), new SplittableRandom(seed + lane));
      case SEQUENTIAL:
        // Lanes start at spread-out offsets so that together they still walk the key space in turn.
        return new SequentialKeySampler(k, (int) ((long) lane * k / lanes));
      default:
        SplittableRandom random = new SplittableRandom(seed + lane);
        return () -> random.nextInt(k);
    }
  }
}
