package dev.mio.load;

import dev.mio.route.ShardRouter;

/**
 * The request URI and shard of every key {@code 0..K-1}: precomputed for up to {@link #PRECOMPUTE_LIMIT} keys so the
 * hot path allocates nothing; beyond that they are built per request (one small string each).
 */
final class KeyTable {
  /** Largest key count whose URIs and shards are precomputed (about 60 MB at the limit). */
  static final int PRECOMPUTE_LIMIT = 1_000_000;
  private static final String PLACEHOLDER = "{key}";

  private final String[] parts;
  private final int shardCount;
  private final String[] uris;
  private final int[] shards;

  KeyTable(String pathTemplate, int keyCount, int shardCount) {
    this.parts = pathTemplate.split("\\{key\\}", -1);
    this.shardCount = shardCount;
    if (keyCount <= PRECOMPUTE_LIMIT) {
      uris = new String[keyCount];
      shards = new int[keyCount];
      for (int k = 0; k < keyCount; k++) {
        uris[k] = build(k);
        shards[k] = ShardRouter.shardOf(Integer.toString(k), shardCount);
      }
    } else {
      uris = null;
      shards = null;
    }
  }

  /** The request URI of key k: the template with every {@code {key}} replaced by k's decimal name. */
  String uri(int key) {
    return uris != null ? uris[key] : build(key);
  }

  /** The shard of key k, by the documented function over its decimal name. */
  int shard(int key) {
    return shards != null ? shards[key] : ShardRouter.shardOf(Integer.toString(key), shardCount);
  }

  private String build(int key) {
    if (parts.length == 1) {
      return parts[0];
    }
    String name = Integer.toString(key);
    StringBuilder sb = new StringBuilder(parts.length * 8 + 16);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sb.append(name);
      }
      sb.append(parts[i]);
    }
    return sb.toString();
  }

  /** Whether the template names the key anywhere (else every request has the same URI). */
  static boolean mentionsKey(String pathTemplate) {
    return pathTemplate.contains(PLACEHOLDER);
  }
}
