package dev.mio.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ShardKeyHashTest {

  /**
   * Known answers, computed independently by the Python reference in docs/SHARDING.md (arbitrary-precision
   * integers masked to 64 bits), so they hold on any JVM and platform.
   */
  @ParameterizedTest(name = "key ''{0}'' hashes to {1} and lands in shards {2}/{3}/{4} of 2/3/8")
  @CsvSource(delimiter = '|', emptyValue = "", value = {
      "''        | efd01f60ba992926 | 1 | 1 | 1",
      "0         | c1e42af088ff1b2c | 0 | 0 | 3",
      "1         | 7c3832dde020d3d6 | 1 | 1 | 1",
      "2         | bd857afbb04f894e | 0 | 0 | 4",
      "42        | 810b196a56ee3cec | 0 | 0 | 0",
      "9999      | 081c29deaafed182 | 1 | 2 | 6",
      "user:alice| dc63a85dac8fb925 | 0 | 0 | 4",
      "/work     | 01862a3d90c0bba1 | 1 | 1 | 6",
      "é         | 9d55ccb9ba86763b | 0 | 0 | 4",
      "日本       | 1230c55089fe4e43 | 1 | 2 | 5",
      "😀        | da89b0991f06f386 | 0 | 0 | 4"})
  void known_answers_hold_independently_of_the_jvm(String key, String hashHex, int s2, int s3, int s8) {
    long expected = Long.parseUnsignedLong(hashHex, 16);
    long hash = ShardKeyHash.hash64(key);
    assertThat(Long.toHexString(hash)).as("hash64(%s)", key).isEqualTo(Long.toHexString(expected));
    assertThat(JumpConsistentHash.bucket(hash, 2)).as("shard of %s in 2", key).isEqualTo(s2);
    assertThat(JumpConsistentHash.bucket(hash, 3)).as("shard of %s in 3", key).isEqualTo(s3);
    assertThat(JumpConsistentHash.bucket(hash, 8)).as("shard of %s in 8", key).isEqualTo(s8);
    assertThat(ShardRouter.shardOf(key, 8)).isEqualTo(s8);
  }

  @Test
  void string_hash_equals_hash_of_its_utf8_bytes_for_any_text() {
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 0; n < 2_000; n++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(12);
      for (int i = 0; i < len; i++) {
        int kind = random.nextInt(5);
        if (kind == 0) {
          sb.append((char) random.nextInt(0x80));
        } else if (kind == 1) {
          sb.append((char) (0x80 + random.nextInt(0x780)));
        } else if (kind == 2) {
          sb.append((char) (0x800 + random.nextInt(0xD000 - 0x800)));
        } else if (kind == 3) {
          sb.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
        } else {
          sb.append((char) (0xD800 + random.nextInt(0x800))); // lone surrogate: encoded as '?'
        }
      }
      String s = sb.toString();
      assertThat(ShardKeyHash.hash64(s))
          .as("hash of %s", s.codePoints().mapToObj(Integer::toHexString).toList())
          .isEqualTo(ShardKeyHash.hash64(s.getBytes(StandardCharsets.UTF_8)));
    }
  }
}
