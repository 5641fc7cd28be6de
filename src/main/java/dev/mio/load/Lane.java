package dev.mio.load;

import dev.mio.config.LoadModel;
import dev.mio.config.WorkloadSpec;
import dev.mio.metrics.Outcome;
import dev.mio.metrics.RunRecorder;
import dev.mio.route.Replica;
import dev.mio.route.ShardRouter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.internal.ContextInternal;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;

/**
 * The slots of one event loop: its own HTTP client and key sampler, a precise wake-up for the open model's next
 * scheduled request, a 1 or 10 ms tick for time-outs and retries; every field is confined to the lane's event-loop
 * thread except the volatile counters.
 */
final class Lane extends VerticleBase {
  private static final Handler<Buffer> DISCARD = b -> { };
  // Failures of a request are booked through its send() future; without a handler Vert.x would also log a reset
  // (ours, at stop or time-out) as an ERROR.
  private static final Handler<Throwable> IGNORE_FAILURE = t -> { };

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

  private HttpClientAgent client;
  private io.netty.channel.EventLoop eventLoop;
  private boolean wakeupPending;
  private final Handler<Void> drainOnContext = v -> drain();
  // Netty's scheduler has sub-millisecond precision where Vert.x timers have 1 ms: the open model sends on time.
  private final Runnable wakeup = () -> {
    wakeupPending = false;
    if (!this.stopping) {
      context.runOnContext(drainOnContext);
    }
  };
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
  }

  @Override
  public Future<?> start() {
    long connectTimeoutMillis = Math.max(1, timeoutNanos / 1_000_000);
    client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setPipelining(false).setTcpNoDelay(true)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis)))
        .with(new PoolOptions().setHttp1MaxSize(slots.length).setMaxWaitQueueSize(-1))
        .build();
    eventLoop = ((ContextInternal) context).nettyEventLoop();
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
        HttpClientRequest inFlight = slot.request;
        end(slot, Outcome.CANCELLED, now);
        if (inFlight != null) {
          inFlight.reset();
        }
      }
    }
    if (openModel && started) {
      long due = (long) Math.floor(((now - scheduleStartNanos) / nanosPerRequest - laneIndex) / laneCount) + 1;
      unsentDueAtStop = Math.max(0, due - nextScheduled);
    }
    return client == null ? Future.succeededFuture() : client.close();
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
        HttpClientRequest inFlight = slot.request;
        end(slot, Outcome.TIMEOUT, now);
        if (inFlight != null) {
          inFlight.reset(); // closes the HTTP/1.1 connection: the only way to abandon the response
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
      while (freeCount > 0 && !stopping && budget-- > 0) {
        long intended = 0;
        if (openModel) {
          intended = scheduleStartNanos + (long) ((nextScheduled * laneCount + laneIndex) * nanosPerRequest);
          long early = intended - System.nanoTime();
          if (early > 0) {
            if (!wakeupPending) {
              wakeupPending = true;
              eventLoop.schedule(wakeup, early, TimeUnit.NANOSECONDS);
            }
            break;
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
    long gen = slot.begin(replica, openModel ? intendedNanos : now, now, now + timeoutNanos);
    if (slot.optionsTarget != replica) {
      // Only on a change of replica: setPort boxes the port, and most requests of a slot go to the same few.
      slot.options.setHost(replica.host()).setPort(replica.port());
      slot.optionsTarget = replica;
    }
    slot.options.setURI(keys.uri(key));
    client.request(slot.options).onComplete(ar -> onRequest(slot, gen, ar));
    return true;
  }

  private void onRequest(Slot slot, long gen, AsyncResult<HttpClientRequest> ar) {
    if (!slot.isCurrent(gen)) {
      if (ar.succeeded()) {
        ar.result().exceptionHandler(IGNORE_FAILURE);
        ar.result().reset(); // timed out or cancelled while waiting for a connection
      }
      return;
    }
    if (ar.failed()) {
      end(slot, classify(ar.cause()), System.nanoTime());
      return;
    }
    HttpClientRequest request = ar.result();
    request.exceptionHandler(IGNORE_FAILURE);
    slot.request = request;
    request.send().onComplete(rr -> onResponse(slot, gen, rr));
  }

  private void onResponse(Slot slot, long gen, AsyncResult<HttpClientResponse> rr) {
    if (!slot.isCurrent(gen)) {
      return;
    }
    if (rr.failed()) {
      end(slot, classify(rr.cause()), System.nanoTime());
      return;
    }
    HttpClientResponse response = rr.result();
    Outcome outcome = Outcome.ofStatus(response.statusCode());
    response.handler(DISCARD);
    response.exceptionHandler(t -> {
      if (slot.isCurrent(gen)) {
        end(slot, Outcome.IO_ERROR, System.nanoTime());
      }
    });
    response.endHandler(v -> {
      if (slot.isCurrent(gen)) {
        end(slot, outcome, System.nanoTime());
      }
    });
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
