package dev.mio.load;

import dev.mio.route.ShardRouter;
import java.nio.charset.StandardCharsets;

/**
 * The encoded request line and the shard of every key {@code 0..K-1}: precomputed for up to
 * {@link #PRECOMPUTE_LIMIT} keys so the hot path allocates nothing; beyond that they are built per request.
 */
final class KeyTable {
  /** Largest key count whose request lines and shards are precomputed (about 70 MB at the limit). */
  static final int PRECOMPUTE_LIMIT = 1_000_000;
  private static final String PLACEHOLDER = "{key}";

  private final String[] parts;
  private final int shardCount;
  private final byte[][] requestLines;
  private final int[] shards;

  KeyTable(String pathTemplate, int keyCount, int shardCount) {
    this.parts = pathTemplate.split("\\{key\\}", -1);
    this.shardCount = shardCount;
    if (keyCount <= PRECOMPUTE_LIMIT) {
      requestLines = new byte[keyCount][];
      shards = new int[keyCount];
      byte[] shared = parts.length == 1 ? encode(parts[0]) : null; // a template without {key}: one line for all
      for (int k = 0; k < keyCount; k++) {
        requestLines[k] = shared != null ? shared : encode(uri(k));
        shards[k] = ShardRouter.shardOf(Integer.toString(k), shardCount);
      }
    } else {
      requestLines = null;
      shards = null;
    }
  }

  /** The request URI of key k: the template with every {@code {key}} replaced by k's decimal name. */
  String uri(int key) {
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

  /** {@code GET <uri> HTTP/1.1\r\n} of key k, encoded; callers must not modify the array. */
  byte[] requestLine(int key) {
    return requestLines != null ? requestLines[key] : encode(uri(key));
  }

  /** The shard of key k, by the documented function over its decimal name. */
  int shard(int key) {
    return shards != null ? shards[key] : ShardRouter.shardOf(Integer.toString(key), shardCount);
  }

  private static byte[] encode(String uri) {
    // A URI is ASCII on the wire; UTF-8 leaves ASCII as is and keeps anything else the template holds visible.
    return ("GET " + uri + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the template names the key anywhere (else every request has the same URI). */
  static boolean mentionsKey(String pathTemplate) {
    return pathTemplate.contains(PLACEHOLDER);
  }
}
