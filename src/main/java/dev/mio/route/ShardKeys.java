package dev.mio.route;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.http.HttpServerRequest;
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
   * The shard key of a request given its {@code X-Shard-Key} header value (or null) and its request URI (path and
   * optional query); empty values count as absent, the query value is percent-decoded, the path is taken as sent.
   */
  public static String keyOf(String headerValue, String requestUri) {
    if (headerValue != null && !headerValue.isEmpty()) {
      return headerValue;
    }
    if (requestUri == null) {
      throw new IllegalArgumentException("requestUri must not be null");
    }
    int q = requestUri.indexOf('?');
    if (q < 0) {
      return requestUri;
    }
    QueryStringDecoder decoder = new QueryStringDecoder(requestUri, StandardCharsets.UTF_8);
    List<String> values = decoder.parameters().get(QUERY_PARAMETER);
    if (values != null && !values.isEmpty() && !values.get(0).isEmpty()) {
      return values.get(0);
    }
    return requestUri.substring(0, q);
  }

  /** The shard key of a Vert.x server request (the front door). */
  public static String keyOf(HttpServerRequest request) {
    return keyOf(request.getHeader(HEADER), request.uri());
  }
}
