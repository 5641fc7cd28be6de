package dev.mio.load;

import dev.mio.config.WorkloadSpec;
import dev.mio.metrics.RunRecorder;
import dev.mio.route.Replica;
import dev.mio.route.ShardRouter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The built-in load driver: sends a {@link WorkloadSpec} over HTTP/1.1 keep-alive connections (its own small client
 * on the Netty channels of Vert.x's event loops, native epoll when available), routing each request client-side
 * with the same {@link ShardRouter} function as the front door, and records every request in a {@link RunRecorder}.
 *
 * <p>Closed model: C slots, each with one request outstanding; a slot sends its next request as soon as the previous
 * one ends, and latency counts from the actual send. Open model: requests are due on a fixed schedule at the given
 * rate; a due request is sent as soon as a slot is free (it waits rather than being skipped), never before its time,
 * and its latency counts from its <em>intended</em> send time, correcting coordinated omission as wrk2 does. Keys are named
 * {@code "0" … "K-1"} and substituted for every {@code {key}} of the path template; the driver routes by that key
 * name (the front door would route the same way when the template carries it in the {@code key} parameter).
 *
 * <p>{@link #stop()} cancels the requests in flight (bucket CANCELLED) and returns once every started request is in
 * a bucket, so that afterwards {@code sent == Σ buckets}. Not reusable: one start, one stop.
 */
public final class LoadDriver implements AutoCloseable {
  private static final long LIFECYCLE_TIMEOUT_SECONDS = 30;

  private final WorkloadSpec spec;
  private final ShardRouter router;
  private final RunRecorder recorder;
  private final DriverOptions options;
  private final int laneCount;
  private Vertx vertx;
  private final boolean ownsVertx;
  private final List<Lane> lanes = new ArrayList<>();
  private final List<String> deploymentIds = new ArrayList<>();
  private boolean started;
  private boolean stopped;
  private boolean closed;

  /** A driver with default options (its own Vert.x, automatic lanes). */
  public LoadDriver(WorkloadSpec spec, ShardRouter router, RunRecorder recorder) {
    this(spec, router, recorder, DriverOptions.defaults());
  }

  /** A driver for the workload, routing with {@code router} and recording into {@code recorder}. */
  public LoadDriver(WorkloadSpec spec, ShardRouter router, RunRecorder recorder, DriverOptions options) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.router = Objects.requireNonNull(router, "router");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.options = Objects.requireNonNull(options, "options");
    if (recorder.shardCount() != router.shardCount()) {
      throw new IllegalArgumentException("recorder shards (" + recorder.shardCount() + ") must equal router shards ("
          + router.shardCount() + ")");
    }
    for (Replica r : router.replicas()) {
      if (r.instanceId() >= recorder.instanceCount()) {
        throw new IllegalArgumentException("replica instanceId must be < recorder instances ("
            + recorder.instanceCount() + "), was " + r.instanceId());
      }
    }
    int automatic = Math.min(spec.connections(), Runtime.getRuntime().availableProcessors());
    this.laneCount = Math.min(spec.connections(), options.lanes() == 0 ? automatic : options.lanes());
    this.ownsVertx = options.vertx() == null;
    this.vertx = options.vertx();
  }

  /** Starts sending; returns once every lane is sending. Call once, from a thread that is not an event loop. */
  public synchronized void start() {
    checkNotOnEventLoop("start");
    if (started) {
      throw new IllegalStateException("the driver was already started; create a new one per phase");
    }
    started = true;
    if (vertx == null) {
      vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(laneCount));
    }
    KeyTable keys = new KeyTable(spec.pathTemplate(), spec.keyCount(), router.shardCount());
    List<Future<String>> deployed = new ArrayList<>();
    for (int l = 0; l < laneCount; l++) {
      int slots = spec.connections() / laneCount + (l < spec.connections() % laneCount ? 1 : 0);
      Lane lane = new Lane(l, laneCount, slots, spec, router, recorder, options.actualSendLatencyMicros(), keys,
          KeySampler.of(spec, options.seed(), l, laneCount));
      lanes.add(lane);
      deployed.add(vertx.deployVerticle(lane));
    }
    try {
      for (Future<String> f : deployed) {
        deploymentIds.add(await(f, "deploy a load lane"));
      }
    } catch (IllegalStateException e) {
      // Nothing was sent yet: release what was deployed and leave the driver stopped.
      stopped = true;
      for (String id : deploymentIds) {
        vertx.undeploy(id);
      }
      throw e;
    }
    long startNanos = System.nanoTime();
    for (Lane lane : lanes) {
      lane.runOnLane(v -> lane.begin(startNanos));
    }
  }

  /**
   * Stops sending, cancels the requests in flight and returns once each started request is in exactly one bucket.
   * Idempotent.
   */
  public synchronized void stop() {
    checkNotOnEventLoop("stop");
    if (!started || stopped) {
      stopped = true;
      return;
    }
    stopped = true;
    List<Future<Void>> done = new ArrayList<>();
    for (Lane lane : lanes) {
      Promise<Void> promise = Promise.promise();
      lane.runOnLane(v -> lane.stopAndCancel().onComplete(ar -> promise.complete()));
      done.add(promise.future());
    }
    for (Future<Void> f : done) {
      await(f, "stop a load lane");
    }
    for (String id : deploymentIds) {
      await(vertx.undeploy(id).recover(t -> Future.succeededFuture()), "undeploy a load lane");
    }
  }

  /** Whether Netty's native transport (epoll) carries the traffic; false before start. */
  public boolean isNativeTransport() {
    return vertx != null && vertx.isNativeTransportEnabled();
  }

  /** Ids of the event-loop threads the lanes run on (for diagnostics such as per-thread allocation counts). */
  public long[] laneThreadIds() {
    long[] ids = new long[lanes.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = lanes.get(i).threadId();
    }
    return ids;
  }

  /** Event-loop lanes the connections are spread over. */
  public int laneCount() {
    return laneCount;
  }

  /** Times a request could not be sent because its shard had no ready replica (it was retried on the next tick). */
  public long unroutableAttempts() {
    long n = 0;
    for (Lane lane : lanes) {
      n += lane.unroutable();
    }
    return n;
  }

  /** Open model: scheduled requests that were due at stop but never sent for want of a free slot; 0 otherwise. */
  public long unsentDueRequestsAtStop() {
    long n = 0;
    for (Lane lane : lanes) {
      n += lane.unsentDueAtStop();
    }
    return n;
  }

  /** Stops the driver and closes its Vert.x instance if it owns it. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    stop();
    closed = true;
    if (ownsVertx && vertx != null) {
      await(vertx.close(), "close the driver's Vert.x");
    }
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(LIFECYCLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to " + what, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
    }
  }

  private static void checkNotOnEventLoop(String what) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException(what + " blocks and must not be called on an event-loop thread");
    }
  }
}
