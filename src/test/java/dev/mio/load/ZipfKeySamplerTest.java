package dev.mio.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfKeySamplerTest {

  @Test
  void key_frequencies_follow_one_over_rank_to_the_s() {
    for (double s : new double[] {0.5, 1.0, 1.5}) {
      int n = 50;
      double norm = 0;
      for (int r = 1; r <= n; r++) {
        norm += Math.pow(r, -s);
      }
      ZipfKeySampler sampler = new ZipfKeySampler(n, s, new SplittableRandom(42));
      int draws = 400_000;
      long[] counts = new long[n];
      for (int i = 0; i < draws; i++) {
        counts[sampler.nextKey()]++;
      }
      for (int rank : new int[] {1, 2, 5, 20, 50}) {
        double expected = Math.pow(rank, -s) / norm;
        double observed = counts[rank - 1] / (double) draws;
        assertThat(observed / expected).as("s=%s rank %d: observed %s expected %s", s, rank, observed, expected)
            .isBetween(0.93, 1.07);
      }
    }
  }

  @Test
  void sequential_keys_walk_the_key_space_in_turn() {
    SequentialKeySampler sampler = new SequentialKeySampler(3, 1);
    assertThat(new int[] {sampler.nextKey(), sampler.nextKey(), sampler.nextKey(), sampler.nextKey()})
        .containsExactly(1, 2, 0, 1);
  }
}
