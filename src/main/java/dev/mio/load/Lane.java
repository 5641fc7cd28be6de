package dev.mio.load;

import dev.mio.config.LoadModel;
import dev.mio.config.WorkloadSpec;
import dev.mio.metrics.Outcome;
import dev.mio.metrics.RunRecorder;
import dev.mio.route.Replica;
import dev.mio.route.ShardRouter;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.HdrHistogram.Recorder;

/**
 * The slots of one event loop: its own HTTP/1.1 connections on that loop's Netty channels (a stack of idle ones per
 * replica, see {@link Connection}), its key sampler, a precise wake-up for the open model's next scheduled request,
 * a 1 or 10 ms tick for time-outs and retries; every field is confined to the lane's event-loop thread except the
 * volatile counters.
 */
final class Lane extends VerticleBase {
  private final int laneIndex;
  private final int laneCount;
  private final boolean openModel;
  private final double nanosPerRequest;
  private final long timeoutNanos;
  private final long tickMillis;
  private final ShardRouter router;
  private final RunRecorder recorder;
  private final Recorder actualSendMicros;
  private final KeyTable keys;
  private final KeySampler sampler;
  private final Slot[] slots;
  private final int[] free;
  private int freeCount;
  private final Map<Replica, ReplicaConnections> connections = new IdentityHashMap<>();

  private Bootstrap bootstrap;
  private ChannelGroup channels;
  private io.netty.channel.EventLoop eventLoop;
  // Netty's scheduler has sub-millisecond precision where Vert.x timers have 1 ms: the open model sends on time.
  private SendPacer pacer;
  private long tickTimer = -1;
  private long scheduleStartNanos;
  private long nextScheduled;
  private boolean started;
  private boolean stopping;
  private boolean draining;
  private volatile long unroutable;
  private volatile long unsentDueAtStop;
  private volatile long threadId = -1;

  Lane(int laneIndex, int laneCount, int slotCount, WorkloadSpec spec, ShardRouter router, RunRecorder recorder,
      Recorder actualSendMicros, KeyTable keys, KeySampler sampler) {
    this.laneIndex = laneIndex;
    this.laneCount = laneCount;
    this.openModel = spec.model() == LoadModel.OPEN;
    this.nanosPerRequest = openModel ? 1e9 / spec.ratePerSecond() : 0;
    this.timeoutNanos = spec.timeout().toNanos();
    // The tick only sweeps time-outs and retries sends that found no ready replica (completions and the open
    // model's own wake-ups drive sending). A 1 ms tick cost ≈ 4 % of a core per lane on this VM even when idle,
    // so it runs every 1 ms only for time-outs under 100 ms and every 10 ms (≤ 10 % of the time-out) otherwise.
    this.tickMillis = spec.timeout().toMillis() < 100 ? 1 : 10;
    this.router = router;
    this.recorder = recorder;
    this.actualSendMicros = actualSendMicros;
    this.keys = keys;
    this.sampler = sampler;
    this.slots = new Slot[slotCount];
    this.free = new int[slotCount];
    for (int i = 0; i < slotCount; i++) {
      slots[i] = new Slot(i);
      free[i] = slotCount - 1 - i;
    }
    this.freeCount = slotCount;
    // In flight per lane ≤ slots, so a lane never holds more than `slots` connections to one replica.
    for (Replica r : router.replicas()) {
      connections.put(r, new ReplicaConnections(r, slotCount));
    }
  }

  @Override
  public Future<?> start() {
    long connectTimeoutMillis = Math.max(1, timeoutNanos / 1_000_000);
    eventLoop = ((ContextInternal) context).nettyEventLoop();
    // The channel class of the transport Vert.x runs on (native epoll when it is enabled, NIO otherwise): a
    // channel must match the I/O handler of the event loop it registers with.
    bootstrap = new Bootstrap().group(eventLoop)
        .channelFactory(((VertxInternal) vertx).transport().channelFactory(false))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis));
    channels = new DefaultChannelGroup("mio-lane-" + laneIndex, eventLoop);
    pacer = new SendPacer(eventLoop, () -> {
      if (!stopping) {
        drain();
      }
    });
    return Future.succeededFuture();
  }

  /** Runs the handler on this lane's event loop. */
  void runOnLane(Handler<Void> action) {
    context.runOnContext(action);
  }

  /** Starts sending; the open model's schedule counts from {@code startNanos}. Lane thread only. */
  void begin(long startNanos) {
    if (started) {
      return;
    }
    started = true;
    threadId = Thread.currentThread().getId();
    scheduleStartNanos = startNanos;
    tickTimer = vertx.setPeriodic(tickMillis, id -> tick());
    drain();
  }

  /** Stops sending and cancels every request in flight (bucket CANCELLED). Lane thread only. */
  Future<Void> stopAndCancel() {
    stopping = true;
    if (tickTimer >= 0) {
      vertx.cancelTimer(tickTimer);
    }
    long now = System.nanoTime();
    for (Slot slot : slots) {
      if (slot.busy) {
        Connection inFlight = slot.connection;
        end(slot, Outcome.CANCELLED, now);
        if (inFlight != null) {
          inFlight.abandon();
        }
      }
    }
    if (openModel && started) {
      long due = (long) Math.floor(((now - scheduleStartNanos) / nanosPerRequest - laneIndex) / laneCount) + 1;
      unsentDueAtStop = Math.max(0, due - nextScheduled);
    }
    if (channels == null) {
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    channels.close().addListener(f -> closed.complete());
    return closed.future();
  }

  /** The id of the event-loop thread this lane runs on, -1 before it began (for allocation diagnostics). */
  long threadId() {
    return threadId;
  }

  long unroutable() {
    return unroutable;
  }

  long unsentDueAtStop() {
    return unsentDueAtStop;
  }

  private void tick() {
    if (stopping) {
      return;
    }
    sweepTimeouts(System.nanoTime());
    drain();
  }

  private void sweepTimeouts(long now) {
    for (Slot slot : slots) {
      if (slot.busy && now - slot.deadlineNanos >= 0) {
        Connection inFlight = slot.connection;
        end(slot, Outcome.TIMEOUT, now);
        if (inFlight != null) {
          inFlight.abandon(); // closing the connection is the only way to abandon an HTTP/1.1 response
        }
      }
    }
  }

  /** Sends while a slot is free and (open model) a scheduled request is due. */
  private void drain() {
    if (draining) {
      return; // a synchronous completion inside send(): the outer loop sees the freed slot
    }
    draining = true;
    try {
      int budget = 2 * slots.length + 16; // bounds a run of synchronous failures; the next tick goes on
      pacer.beginDrain();
      while (freeCount > 0 && !stopping && budget-- > 0) {
        long intended = 0;
        if (openModel) {
          intended = scheduleStartNanos + (long) ((nextScheduled * laneCount + laneIndex) * nanosPerRequest);
          if (!pacer.reached(intended)) {
            break; // never before its intended time: the pacer calls drain() back when it is due
          }
        }
        if (!send(slots[free[freeCount - 1]], intended)) {
          break; // no ready replica: the request waits for the next tick (open model: its latency grows)
        }
        if (openModel) {
          nextScheduled++;
        }
      }
    } finally {
      draining = false;
    }
  }

  private boolean send(Slot slot, long intendedNanos) {
    int key = sampler.nextKey();
    Replica replica = router.pick(keys.shard(key));
    if (replica == null) {
      unroutable++;
      return false;
    }
    freeCount--;
    replica.acquire();
    recorder.requestStarted(replica.instanceId());
    long now = System.nanoTime();
    slot.begin(replica, openModel ? intendedNanos : now, now, now + timeoutNanos);
    ReplicaConnections pool = connections.get(replica);
    Connection connection = pool.takeIdle();
    if (connection == null) {
      // Connecting is part of this request: its time counts in the request's latency, as a client's would.
      connection = new Connection(this, pool);
      bootstrap.handler(connection); // read by connect() right away: one handler instance per channel
      io.netty.channel.ChannelFuture connect = bootstrap.connect(pool.address());
      channels.add(connect.channel());
      connection.send(slot, keys.requestLine(key), pool.hostHeaderAndEnd);
      connection.connecting(connect);
    } else {
      connection.send(slot, keys.requestLine(key), pool.hostHeaderAndEnd);
    }
    return true;
  }

  /** A response to {@code slot}'s request ended; a reusable connection goes back to its replica's idle stack. */
  void responseReceived(Slot slot, Connection connection, int status, boolean reusable) {
    if (reusable && !stopping) {
      connection.pool.park(connection);
    }
    end(slot, Outcome.ofStatus(status), System.nanoTime());
  }

  /** {@code slot}'s request ended without a response. */
  void requestFailed(Slot slot, Outcome outcome) {
    end(slot, outcome, System.nanoTime());
  }

  /** Puts the slot's request in its bucket, frees the slot and, unless stopping, sends what is due. */
  private void end(Slot slot, Outcome outcome, long nowNanos) {
    Replica replica = slot.replica;
    long latencyNanos = nowNanos - slot.intendedNanos;
    if (actualSendMicros != null
        && (outcome == Outcome.OK || outcome == Outcome.HTTP_4XX || outcome == Outcome.HTTP_5XX)) {
      actualSendMicros.recordValue(Math.min((nowNanos - slot.sentNanos) / 1000, RunRecorder.MAX_TRACKABLE_MICROS));
    }
    slot.finish();
    replica.release();
    recorder.requestEnded(replica.instanceId(), outcome, latencyNanos);
    free[freeCount++] = slot.index;
    if (!stopping) {
      drain();
    }
  }

  /** Connection failures are CONNECT_ERROR; anything else that ends a request early is IO_ERROR. */
  static Outcome classify(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof UnresolvedAddressException) {
        return Outcome.CONNECT_ERROR;
      }
    }
    return Outcome.IO_ERROR;
  }
}
