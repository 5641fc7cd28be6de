package dev.mio.proxy;

import dev.mio.metrics.RunRecorder;
import dev.mio.route.Replica;
import dev.mio.route.ShardRouter;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The front-door router: an HTTP/1.1 reverse proxy on its own port that sends each request to a replica of its
 * key's shard (least outstanding requests) and records every forwarded request into a {@link RunRecorder}, exactly
 * as the load driver does, from its arrival to the last byte of its response.
 *
 * <p>Errors it answers itself are JSON: 503 when the key's shard has no ready replica (not attributed to an
 * instance, counted by {@link #rejectedNoReplica()}), 502 when the instance refuses the connection or fails
 * mid-request, 504 when it does not answer within the upstream time-out.
 */
public final class FrontDoor implements AutoCloseable {
  private static final long START_STOP_TIMEOUT_SECONDS = 30;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final int port;
  private final String host;
  private final LongAdder rejectedNoReplica;
  private final String firstDeployment;
  private final String otherDeployment;
  private boolean closed;

  private FrontDoor(Vertx vertx, boolean ownsVertx, String host, int port, LongAdder rejectedNoReplica,
      String firstDeployment, String otherDeployment) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.host = host;
    this.port = port;
    this.rejectedNoReplica = rejectedNoReplica;
    this.firstDeployment = firstDeployment;
    this.otherDeployment = otherDeployment;
  }

  /**
   * Starts a front door and returns once it listens; call it from a thread that is not a Vert.x event loop.
   *
   * @param vertx the Vert.x to run on (it is not closed with the front door), or null to own one with
   *     {@link FrontDoorOptions#eventLoops()} event loops on the native transport where available
   * @param router key to shard to replica; its shard count must equal the recorder's
   * @param recorder where every forwarded request is accounted; each replica must be instance {@code i} of it, in
   *     shard {@code i % S} as the recorder assumes
   * @param options bind address, port, upstream time-out, pool size, event loops
   * @throws IllegalStateException if it cannot listen (the reason as cause)
   */
  public static FrontDoor start(Vertx vertx, ShardRouter router, RunRecorder recorder, FrontDoorOptions options) {
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(recorder, "recorder");
    Objects.requireNonNull(options, "options");
    checkConsistent(router, recorder);
    boolean owns = vertx == null;
    Vertx v = owns
        ? Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(options.eventLoops()))
        : vertx;
    LongAdder rejected = new LongAdder();
    InetSocketAddress[] addresses = addressesByInstance(router, recorder.instanceCount());
    try {
      // The first loop binds (perhaps an ephemeral port); the others then share that exact port.
      ProxyLoop first = new ProxyLoop(router, recorder, options, options.port(), rejected, addresses);
      String firstId = await(v.deployVerticle(first));
      int actualPort = first.actualPort();
      String otherId = null;
      if (options.eventLoops() > 1) {
        otherId = await(v.deployVerticle(() -> new ProxyLoop(router, recorder, options, actualPort, rejected, addresses),
            new DeploymentOptions().setInstances(options.eventLoops() - 1)));
      }
      return new FrontDoor(v, owns, options.host(), actualPort, rejected, firstId, otherId);
    } catch (RuntimeException e) {
      if (owns) {
        v.close();
      }
      throw e;
    }
  }

  // Resolved once here, off the event loops, so connecting never waits for a name look-up; a name that does not
  // resolve stays unresolved and its connections fail (502) as any refused one does.
  private static InetSocketAddress[] addressesByInstance(ShardRouter router, int instances) {
    InetSocketAddress[] byInstance = new InetSocketAddress[instances];
    for (Replica r : router.replicas()) {
      byInstance[r.instanceId()] = new InetSocketAddress(r.host(), r.port());
    }
    return byInstance;
  }

  private static void checkConsistent(ShardRouter router, RunRecorder recorder) {
    if (router.shardCount() != recorder.shardCount()) {
      throw new IllegalArgumentException("router shardCount " + router.shardCount()
          + " must equal recorder shardCount " + recorder.shardCount());
    }
    for (Replica r : router.replicas()) {
      if (r.instanceId() >= recorder.instanceCount()) {
        throw new IllegalArgumentException("replica instanceId must be < recorder instanceCount "
            + recorder.instanceCount() + ", was " + r.instanceId());
      }
      if (r.shardId() != r.instanceId() % recorder.shardCount()) {
        throw new IllegalArgumentException("replica shardId must be instanceId % shards as the recorder assumes, was "
            + r);
      }
    }
  }

  /** The TCP port the front door listens on. */
  public int port() {
    return port;
  }

  /** The base URL of the front door, e.g. {@code http://127.0.0.1:34567}. */
  public String url() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return "http://" + h + ":" + port;
  }

  /** Requests answered 503 because their shard had no ready replica (not attributed to any instance). */
  public long rejectedNoReplica() {
    return rejectedNoReplica.sum();
  }

  /** Whether its Vert.x runs on the native (epoll) transport rather than NIO. */
  public boolean usesNativeTransport() {
    return vertx.isNativeTransportEnabled();
  }

  /**
   * Stops listening, ends every request still in flight as cancelled (resetting its connections) and returns once
   * closed; idempotent; call it from a thread that is not a Vert.x event loop.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (otherDeployment != null) {
        await(vertx.undeploy(otherDeployment));
      }
      await(vertx.undeploy(firstDeployment));
    } finally {
      if (ownsVertx) {
        await(vertx.close());
      }
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the front door", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("front door failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("front door did not start or stop within " + START_STOP_TIMEOUT_SECONDS
          + " s", e);
    }
  }
}
