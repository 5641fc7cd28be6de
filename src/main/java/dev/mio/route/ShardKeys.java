package dev.mio.route;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Extracts a request's shard key: header {@code X-Shard-Key}, else query parameter {@code key}, else the path. */
public final class ShardKeys {
  /** The header that names the shard key explicitly. */
  public static final String HEADER = "X-Shard-Key";
  /** The query parameter that carries the shard key when the header is absent. */
  public static final String QUERY_PARAMETER = "key";

  private ShardKeys() {}

  /**
   * The shard key of a request given its {@code X-Shard-Key} header value (or null) and its request URI in origin
   * form (path and optional query); empty values count as absent.
   */
  public static String keyOf(String headerValue, String requestUri) {
    if (requestUri == null) {
      throw new IllegalArgumentException("requestUri must not be null");
    }
    int q = requestUri.indexOf('?');
    return q < 0 ? keyOf(headerValue, null, requestUri)
        : keyOf(headerValue, requestUri.substring(q + 1), requestUri.substring(0, q));
  }

  /**
   * The shard key from the header value (or null), the raw query string (or null) and the path: the header, else
   * the first {@code key} parameter percent-decoded as a form value ({@code +} is a space), else the path as sent.
   */
  public static String keyOf(String headerValue, String rawQuery, String path) {
    if (headerValue != null && !headerValue.isEmpty()) {
      return headerValue;
    }
    if (rawQuery != null && !rawQuery.isEmpty()) {
      List<String> values = new QueryStringDecoder(rawQuery, StandardCharsets.UTF_8, false).parameters()
          .get(QUERY_PARAMETER);
      if (values != null && !values.isEmpty() && !values.get(0).isEmpty()) {
        return values.get(0);
      }
    }
    if (path == null) {
      throw new IllegalArgumentException("path must not be null");
    }
    return path;
  }

  /**
   * The shard of an {@code X-Shard-Key} value as an HTTP/1.1 parser hands it over (one char per byte, ISO-8859-1):
   * hashed over the bytes as sent, which are the key's UTF-8 bytes when the client follows the documented rule, so a
   * non-ASCII header key lands where the same key given as a (UTF-8 percent-decoded) query parameter does.
   */
  public static int shardOfHeaderValue(String wireValue, int shardCount) {
    for (int i = 0, n = wireValue.length(); i < n; i++) {
      if (wireValue.charAt(i) >= 0x80) {
        return JumpConsistentHash.bucket(ShardKeyHash.hash64(wireValue.getBytes(StandardCharsets.ISO_8859_1)),
            shardCount);
      }
    }
    return ShardRouter.shardOf(wireValue, shardCount);
  }
}
