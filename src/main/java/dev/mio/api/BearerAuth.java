package dev.mio.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>}; the comparison takes the same time
 * whatever the presented token (both sides are hashed to equal length, then compared with
 * {@link MessageDigest#isEqual}).
 */
public final class BearerAuth implements Handler<RoutingContext> {
  private static final String PREFIX = "Bearer ";

  private final byte[] expectedDigest;

  /** A check against {@code token}, which must be non-blank without whitespace. */
  public BearerAuth(String token) {
    requireUsable(token);
    this.expectedDigest = sha256(token);
  }

  /**
   * Refuses to serve on a non-loopback address without a token.
   *
   * @throws IllegalArgumentException naming the host and what to do, or when the host cannot be resolved
   */
  public static void checkBind(String host, String token) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--host " + host + " cannot be resolved");
    }
    if (token == null && !address.isLoopbackAddress()) {
      throw new IllegalArgumentException("--host " + host + " is not a loopback address: anyone who can reach it"
          + " could start processes on this machine, so serving there requires a token (--token-file FILE, $MIO_TOKEN"
          + " or --token SECRET; then every control and metrics call needs 'Authorization: Bearer SECRET')");
    }
    if (token != null) {
      requireUsable(token);
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    byte[] presented = header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        ? sha256(header.substring(PREFIX.length()).trim()) : new byte[expectedDigest.length];
    boolean ok = MessageDigest.isEqual(presented, expectedDigest) && header != null;
    if (ok) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"mio\"");
    ApiServer.respond(ctx, 401, ApiJson.error(header == null
        ? "missing 'Authorization: Bearer <token>' header" : "invalid bearer token", null));
  }

  private static void requireUsable(String token) {
    if (token == null || token.isBlank() || token.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("--token must be non-empty and contain no whitespace");
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
