package dev.mio.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JumpConsistentHashTest {

  @Test
  void keys_spread_evenly_over_buckets() {
    int keys = 200_000;
    for (int buckets : new int[] {2, 3, 8, 13}) {
      long[] counts = new long[buckets];
      for (int k = 0; k < keys; k++) {
        counts[JumpConsistentHash.bucket(ShardKeyHash.hash64(Integer.toString(k)), buckets)]++;
      }
      double expected = (double) keys / buckets;
      for (int b = 0; b < buckets; b++) {
        assertThat(counts[b] / expected).as("share of bucket %d of %d (counts %s)", b, buckets,
            java.util.Arrays.toString(counts)).isBetween(0.97, 1.03);
      }
    }
  }

  @Test
  void adding_a_bucket_moves_keys_only_into_the_new_bucket() {
    int keys = 50_000;
    for (int n = 1; n < 20; n++) {
      int moved = 0;
      for (int k = 0; k < keys; k++) {
        long h = ShardKeyHash.hash64(Integer.toString(k));
        int before = JumpConsistentHash.bucket(h, n);
        int after = JumpConsistentHash.bucket(h, n + 1);
        if (before != after) {
          assertThat(after).as("key %d moved from %d when growing %d→%d", k, before, n, n + 1).isEqualTo(n);
          moved++;
        }
      }
      assertThat(moved / (double) keys).as("fraction moved growing %d→%d", n, n + 1)
          .isBetween(0.9 / (n + 1), 1.1 / (n + 1));
    }
  }

  @Test
  void one_bucket_takes_every_key_and_zero_buckets_is_rejected() {
    assertThat(JumpConsistentHash.bucket(Long.MIN_VALUE, 1)).isZero();
    assertThat(JumpConsistentHash.bucket(-1L, 1)).isZero();
    assertThatThrownBy(() -> JumpConsistentHash.bucket(1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("buckets");
  }
}
