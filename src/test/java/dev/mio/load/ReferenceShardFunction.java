package dev.mio.load;

import java.nio.charset.StandardCharsets;

/** The test's own copy of the key → shard function documented in docs/SHARDING.md, written from the doc. */
final class ReferenceShardFunction {
  private ReferenceShardFunction() {}

  static int shardOf(String key, int shards) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    long b = -1;
    long j = 0;
    while (j < shards) {
      b = j;
      h = h * 2862933555777941757L + 1;
      j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((h >>> 33) + 1)));
    }
    return (int) b;
  }
}
