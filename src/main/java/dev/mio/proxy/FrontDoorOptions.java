package dev.mio.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * How the front door listens and talks to the instances.
 *
 * @param host address to bind, e.g. {@code 127.0.0.1}
 * @param port TCP port to bind, 0 for an ephemeral one
 * @param upstreamTimeout longest time from a request's arrival to the last byte of its response before the front
 *     door gives up with 504 (or, once the response has started, a reset) and counts a time-out
 * @param maxConnectionsPerInstance pooled keep-alive connections to one instance, shared out over the event loops
 *     (rounded up to a whole number per loop)
 * @param eventLoops event loops serving the front door, each with its own server and connection pool
 */
public record FrontDoorOptions(
    String host, int port, Duration upstreamTimeout, int maxConnectionsPerInstance, int eventLoops) {

  /** The default bind address: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The default upstream time-out. */
  public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofSeconds(30);
  /** The default pool size per instance: enough for the driver's default connection count. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_INSTANCE = 64;

  public FrontDoorOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
    if (upstreamTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("upstreamTimeout must be at least 1 ms, was " + upstreamTimeout);
    }
    if (maxConnectionsPerInstance < 1) {
      throw new IllegalArgumentException(
          "maxConnectionsPerInstance must be at least 1, was " + maxConnectionsPerInstance);
    }
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops must be at least 1, was " + eventLoops);
    }
  }

  /** Loopback, an ephemeral port, 30 s time-out, 64 connections per instance, one event loop per core. */
  public static FrontDoorOptions defaults() {
    return new FrontDoorOptions(DEFAULT_HOST, 0, DEFAULT_UPSTREAM_TIMEOUT, DEFAULT_MAX_CONNECTIONS_PER_INSTANCE,
        Runtime.getRuntime().availableProcessors());
  }

  /** These options with another bind address. */
  public FrontDoorOptions withHost(String newHost) {
    return new FrontDoorOptions(newHost, port, upstreamTimeout, maxConnectionsPerInstance, eventLoops);
  }

  /** These options with another port (0 = ephemeral). */
  public FrontDoorOptions withPort(int newPort) {
    return new FrontDoorOptions(host, newPort, upstreamTimeout, maxConnectionsPerInstance, eventLoops);
  }

  /** These options with another upstream time-out. */
  public FrontDoorOptions withUpstreamTimeout(Duration newTimeout) {
    return new FrontDoorOptions(host, port, newTimeout, maxConnectionsPerInstance, eventLoops);
  }

  /** These options with another pool size per instance. */
  public FrontDoorOptions withMaxConnectionsPerInstance(int newMax) {
    return new FrontDoorOptions(host, port, upstreamTimeout, newMax, eventLoops);
  }

  /** These options with another number of event loops. */
  public FrontDoorOptions withEventLoops(int newEventLoops) {
    return new FrontDoorOptions(host, port, upstreamTimeout, maxConnectionsPerInstance, newEventLoops);
  }

  /** The connection pool size of one event loop: the per-instance maximum shared out, at least 1. */
  int connectionsPerInstancePerLoop() {
    return Math.max(1, (maxConnectionsPerInstance + eventLoops - 1) / eventLoops);
  }
}
