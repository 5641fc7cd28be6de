package dev.mio.proxy;

import dev.mio.metrics.RunRecorder;
import dev.mio.route.JumpConsistentHash;
import dev.mio.route.Replica;
import dev.mio.route.ShardKeyHash;
import dev.mio.route.ShardKeys;
import dev.mio.route.ShardRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * The front door on one event loop: a share of the listening server, its own keep-alive pool to the instances, and
 * the requests in flight there; keeping both sides of a request on one loop spares thread hops and locks.
 */
final class ProxyLoop extends VerticleBase {
  // Below the idle time-out of common servers (the JDK's is 30 s), so the pool drops an idle connection before the
  // instance does and never sends a request into a connection that is being closed.
  private static final int KEEP_ALIVE_SECONDS = 15;

  final ShardRouter router;
  final RunRecorder recorder;
  final long timeoutMillis;
  final long timeoutNanos;
  HttpClient client;
  private final FrontDoorOptions options;
  private final int port;
  private final LongAdder rejectedNoReplica;
  private HttpServer server;
  private int actualPort;
  private boolean closing;
  private Exchange inFlight;
  private long sweepTimer = -1;

  ProxyLoop(ShardRouter router, RunRecorder recorder, FrontDoorOptions options, int port, LongAdder rejectedNoReplica) {
    this.router = router;
    this.recorder = recorder;
    this.options = options;
    this.timeoutMillis = options.upstreamTimeout().toMillis();
    this.timeoutNanos = options.upstreamTimeout().toNanos();
    this.port = port;
    this.rejectedNoReplica = rejectedNoReplica;
  }

  @Override
  public Future<?> start() {
    client = vertx.httpClientBuilder()
        .with(new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_1_1)
            .setKeepAlive(true)
            .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
            .setPipelining(false)
            .setTcpNoDelay(true)
            .setDecompressionSupported(false)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)))
        .with(new PoolOptions().setHttp1MaxSize(options.connectionsPerInstancePerLoop()))
        .build();
    server = vertx.createHttpServer(new HttpServerOptions()
            // Loops after the first bind the port the first one got; SO_REUSEPORT lets the kernel spread
            // connections over their sockets (Vert.x shares a server only when the configured port is the same).
            .setReusePort(true)
            .setTcpNoDelay(true)
            // An HTTP/1.1 front door: no h2c upgrade (java.net.http clients ask for one by default).
            .setHttp2ClearTextEnabled(false)
            .setCompressionSupported(false)
            .setDecompressionSupported(false)
            .setHandle100ContinueAutomatically(true))
        .requestHandler(this::handle);
    // One periodic sweep per loop instead of a timer per request: scheduling and cancelling a timer for every
    // request cost about 3 % of the front door's CPU (JFR); a request now times out at most one sweep late.
    sweepTimer = vertx.setPeriodic(sweepIntervalMillis(timeoutMillis), id -> sweepTimeouts());
    return server.listen(port, options.host()).onSuccess(s -> actualPort = s.actualPort());
  }

  /** The port this loop's server listens on (the same for every loop of one front door). */
  int actualPort() {
    return actualPort;
  }

  Vertx vertx() {
    return vertx;
  }

  private void handle(HttpServerRequest request) {
    long arrivalNanos = System.nanoTime();
    if (closing) {
      request.response().setStatusCode(503).putHeader("content-type", "application/json")
          .putHeader("connection", "close").end(ErrorBodies.error("front door is closing"));
      return;
    }
    String header = request.getHeader(ShardKeys.HEADER);
    int shardId = header != null && !header.isEmpty()
        ? shardOfHeaderKey(header)
        : router.shardOf(ShardKeys.keyOf(null, request.uri()));
    Replica replica = router.pick(shardId);
    if (replica == null) {
      rejectedNoReplica.increment();
      request.response().setStatusCode(503).putHeader("content-type", "application/json")
          .end(ErrorBodies.shardError(ShardRouter.noReadyReplicaMessage(shardId), shardId));
      return;
    }
    new Exchange(this, request, replica, shardId, arrivalNanos).start();
  }

  /**
   * The shard of an {@code X-Shard-Key} header value: HTTP/1.1 parsing turns each byte of a header into one char
   * (ISO-8859-1), so a value with chars above 0x7F is hashed over those raw bytes, which are the key's UTF-8 bytes
   * when the client follows the documented rule (a query key is percent-decoded as UTF-8 already).
   */
  private int shardOfHeaderKey(String key) {
    for (int i = 0, n = key.length(); i < n; i++) {
      if (key.charAt(i) >= 0x80) {
        return JumpConsistentHash.bucket(ShardKeyHash.hash64(key.getBytes(StandardCharsets.ISO_8859_1)),
            router.shardCount());
      }
    }
    return router.shardOf(key);
  }

  /** A tenth of the time-out, 1..100 ms: late by at most 10 % (and never more than 100 ms). */
  static long sweepIntervalMillis(long timeoutMillis) {
    return Math.max(1, Math.min(100, timeoutMillis / 10));
  }

  private void sweepTimeouts() {
    long now = System.nanoTime();
    Exchange e = inFlight;
    while (e != null) {
      Exchange next = e.next; // timeOut() unlinks e
      if (e.isOverdue(now)) {
        e.timeOut();
      }
      e = next;
    }
  }

  void track(Exchange e) {
    e.next = inFlight;
    if (inFlight != null) {
      inFlight.prev = e;
    }
    inFlight = e;
  }

  void untrack(Exchange e) {
    if (e.prev != null) {
      e.prev.next = e.next;
    } else if (inFlight == e) {
      inFlight = e.next;
    }
    if (e.next != null) {
      e.next.prev = e.prev;
    }
    e.prev = null;
    e.next = null;
  }

  @Override
  public Future<?> stop() {
    closing = true;
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    // cancel() unlinks the head each time, so this visits every request in flight once.
    while (inFlight != null) {
      inFlight.cancel();
    }
    return server.close().eventually(() -> client.close());
  }
}
