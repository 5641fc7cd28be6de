package dev.mio.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * What one pass over a message's headers found, for the front door's decisions (shard key, keep-alive, framing,
 * hop-by-hop headers, Expect); one per event loop, reused for every message, as a header-map look-up per question
 * cost more than the pass (JFR).
 */
final class HeadScan {
  private static final AsciiString SHARD_KEY = AsciiString.cached("x-shard-key");
  private static final AsciiString CLOSE = AsciiString.cached("close");
  private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
  private static final AsciiString CHUNKED = AsciiString.cached("chunked");
  private static final AsciiString CONTINUE = AsciiString.cached("100-continue");

  /** The first X-Shard-Key value, or null. */
  String shardKey;
  /** Whether a hop-by-hop header is present (see {@link Headers}). */
  boolean hopByHop;
  /** Whether Connection names {@code close}. */
  boolean connectionClose;
  /** Whether Connection names {@code keep-alive}. */
  boolean connectionKeepAlive;
  /** Whether Transfer-Encoding names {@code chunked}. */
  boolean chunked;
  /** Whether a Content-Length header is present. */
  boolean hasContentLength;
  /** Whether a Content-Length above 0 is present. */
  boolean positiveContentLength;
  /** Whether a Host header is present. */
  boolean hasHost;
  /** Whether Expect is {@code 100-continue}. */
  boolean expectContinue;

  /** Scans {@code headers} once and returns this, holding what they say. */
  HeadScan scan(HttpHeaders headers) {
    shardKey = null;
    hopByHop = false;
    connectionClose = false;
    connectionKeepAlive = false;
    chunked = false;
    hasContentLength = false;
    positiveContentLength = false;
    hasHost = false;
    expectContinue = false;
    Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> h = it.next();
      CharSequence name = h.getKey();
      switch (name.length()) {
        case 4:
          hasHost |= AsciiString.contentEqualsIgnoreCase(name, "host");
          break;
        case 11:
          if (shardKey == null && SHARD_KEY.contentEqualsIgnoreCase(name)) {
            shardKey = h.getValue().toString();
          }
          break;
        case 14:
          if (AsciiString.contentEqualsIgnoreCase(name, "content-length")) {
            hasContentLength = true;
            positiveContentLength |= isPositive(h.getValue());
          }
          break;
        default:
          if (Headers.isHopByHop(name)) {
            hopByHop = true;
            hopByHop(name, h.getValue());
          }
      }
    }
    return this;
  }

  private void hopByHop(CharSequence name, CharSequence value) {
    switch (name.length()) {
      case 6: // expect
        expectContinue |= CONTINUE.contentEqualsIgnoreCase(value.toString().trim());
        break;
      case 10: // connection (keep-alive is 10 long too, and names nothing)
        if (AsciiString.contentEqualsIgnoreCase(name, "connection")) {
          connectionClose |= AsciiString.containsIgnoreCase(value, CLOSE);
          connectionKeepAlive |= AsciiString.containsIgnoreCase(value, KEEP_ALIVE);
        }
        break;
      case 17: // transfer-encoding
        chunked |= AsciiString.containsIgnoreCase(value, CHUNKED);
        break;
      default:
        break;
    }
  }

  private static boolean isPositive(CharSequence value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c >= '1' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  /** Whether the connection stays open after this message of {@code http10} or HTTP/1.1 (RFC 9112 §9.3). */
  boolean keepAlive(boolean http10) {
    return !connectionClose && (!http10 || connectionKeepAlive);
  }
}
