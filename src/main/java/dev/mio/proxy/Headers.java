package dev.mio.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/** Drops hop-by-hop headers from a message passing through the front door, in place. */
final class Headers {
  // RFC 9110 §7.6.1 and RFC 2616 §13.5.1, plus the de-facto Proxy-Connection; Expect is answered by the front door.
  private static final AsciiString[] HOP_BY_HOP = {
    HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, AsciiString.cached("proxy-connection"),
    HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
    HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, HttpHeaderNames.EXPECT
  };

  private Headers() {}

  /**
   * Removes every hop-by-hop header of {@code headers} and those named in its Connection header; called only when
   * a {@link HeadScan} saw one, so the usual message is neither searched nor copied.
   */
  static void dropHopByHop(HttpHeaders headers) {
    String connection = headers.get(HttpHeaderNames.CONNECTION);
    for (AsciiString name : HOP_BY_HOP) {
      headers.remove(name);
    }
    if (connection != null) {
      removeListed(connection, headers);
    }
  }

  /** Whether {@code name} is one of {@link #HOP_BY_HOP}, ignoring case. */
  static boolean isHopByHop(CharSequence name) {
    switch (name.length()) {
      case 2:
      case 6:
      case 7:
      case 10:
      case 16:
      case 17:
      case 18:
      case 19:
        for (AsciiString h : HOP_BY_HOP) {
          if (h.length() == name.length() && h.contentEqualsIgnoreCase(name)) {
            return true;
          }
        }
        return false;
      default:
        return false;
    }
  }

  // Connection may name further per-hop headers (RFC 9110 §7.6.1); rare, so splitting here costs nothing usual.
  private static void removeListed(String connection, HttpHeaders headers) {
    if ("keep-alive".equalsIgnoreCase(connection) || "close".equalsIgnoreCase(connection)) {
      return;
    }
    for (String token : connection.split(",")) {
      String name = token.trim();
      if (!name.isEmpty()) {
        headers.remove(name);
      }
    }
  }
}
