package dev.mio.proxy;

import dev.mio.metrics.RunRecorder;
import dev.mio.route.Replica;
import dev.mio.route.ShardKeys;
import dev.mio.route.ShardRouter;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.transport.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The front door on one Vert.x event loop, straight on Netty: its own listening socket (SO_REUSEPORT shares the
 * port among the loops), its own keep-alive pools to the instances and the requests in flight there; keeping both
 * sides of a request on one loop spares thread hops and locks.
 */
final class ProxyLoop extends VerticleBase {
  // Below the idle time-out of common servers (the JDK's is 30 s), so the pool drops an idle connection before the
  // instance does and never sends a request into a connection that is being closed.
  private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);

  final ShardRouter router;
  final RunRecorder recorder;
  final long timeoutMillis;
  final long timeoutNanos;
  private final FrontDoorOptions options;
  private final int port;
  private final LongAdder rejectedNoReplica;
  private final InetSocketAddress[] addressByInstance;
  private final UpstreamPool[] poolByInstance;
  private final Set<Channel> clients = new HashSet<>();
  /** Reused for every message of this loop: {@link Exchange} reads it only before its next message is scanned. */
  final HeadScan scan = new HeadScan();
  private EventLoop eventLoop;
  private Bootstrap upstreamBootstrap;
  private Channel serverChannel;
  private int actualPort;
  private boolean closing;
  private Exchange inFlight;
  private ScheduledFuture<?> sweep;
  private long nextIdleCheckNanos;

  ProxyLoop(ShardRouter router, RunRecorder recorder, FrontDoorOptions options, int port, LongAdder rejectedNoReplica,
      InetSocketAddress[] addressByInstance) {
    this.router = router;
    this.recorder = recorder;
    this.options = options;
    this.timeoutMillis = options.upstreamTimeout().toMillis();
    this.timeoutNanos = options.upstreamTimeout().toNanos();
    this.port = port;
    this.rejectedNoReplica = rejectedNoReplica;
    this.addressByInstance = addressByInstance;
    this.poolByInstance = new UpstreamPool[addressByInstance.length];
  }

  @Override
  public Future<?> start() {
    Transport transport = ((VertxInternal) vertx).transport();
    eventLoop = ((ContextInternal) context).nettyEventLoop();
    upstreamBootstrap = new Bootstrap().group(eventLoop).channelFactory(transport.channelFactory(false))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
    ServerBootstrap server = new ServerBootstrap().group(eventLoop, eventLoop)
        .channelFactory(transport.serverChannelFactory(false))
        .childOption(ChannelOption.TCP_NODELAY, true)
        // Netty 4.2's default adaptive allocator took ~10 % of the CPU in a JFR profile, mostly for the small head
        // buffers the codecs allocate per message; the pooled one keeps per-thread caches for exactly those.
        .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            // Netty's decoder reads requests; responses go out as the bytes the instance sent (see ResponseReader).
            ch.pipeline().addLast(new HttpRequestDecoder(), new ClientConn(ProxyLoop.this));
          }
        });
    // Loops after the first bind the port the first one got; SO_REUSEPORT lets the kernel spread connections over
    // their sockets. Vert.x's transport knows how to set it for epoll and NIO alike.
    transport.configure(new NetServerOptions().setReusePort(true).setTcpNoDelay(true), false, server);
    // One periodic sweep per loop instead of a timer per request: scheduling and cancelling a timer for every
    // request cost about 3 % of the front door's CPU (JFR); a request times out at most one sweep late.
    long every = sweepIntervalMillis(timeoutMillis);
    sweep = eventLoop.scheduleAtFixedRate(this::sweep, every, every, TimeUnit.MILLISECONDS);
    Promise<Void> bound = Promise.promise();
    server.bind(options.host(), port).addListener(f -> {
      if (f.isSuccess()) {
        serverChannel = ((io.netty.channel.ChannelFuture) f).channel();
        actualPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        bound.complete();
      } else {
        sweep.cancel(false);
        bound.fail(f.cause());
      }
    });
    return bound.future();
  }

  /** The port this loop's server listens on (the same for every loop of one front door). */
  int actualPort() {
    return actualPort;
  }

  /**
   * Routes a request that just arrived on {@code client} and starts forwarding it; returns its exchange, or null
   * when the front door answered it itself (no ready replica, closing).
   */
  Exchange dispatch(ClientConn client, HttpRequest request) {
    long arrivalNanos = System.nanoTime();
    if (closing) {
      client.sendError(request.protocolVersion(), 503, ErrorBodies.error("front door is closing"), false);
      return null;
    }
    HeadScan head = scan.scan(request.headers());
    String header = head.shardKey;
    int shardId = header != null && !header.isEmpty()
        ? ShardKeys.shardOfHeaderValue(header, router.shardCount())
        : router.shardOf(ShardKeys.keyOf(null, request.uri()));
    Replica replica = router.pick(shardId);
    if (replica == null) {
      rejectedNoReplica.increment();
      client.sendError(request.protocolVersion(), 503,
          ErrorBodies.shardError(ShardRouter.noReadyReplicaMessage(shardId), shardId),
          head.keepAlive(request.protocolVersion() == HttpVersion.HTTP_1_0));
      return null;
    }
    Exchange e = new Exchange(this, client, request, replica, shardId, arrivalNanos);
    e.start(head);
    return e;
  }

  /** This loop's connection pool to {@code replica}'s instance, made on first use. */
  UpstreamPool pool(Replica replica) {
    int id = replica.instanceId();
    UpstreamPool p = poolByInstance[id];
    if (p == null) {
      p = new UpstreamPool(upstreamBootstrap, replica, addressByInstance[id], options.connectionsPerInstancePerLoop());
      poolByInstance[id] = p;
    }
    return p;
  }

  void clientOpened(Channel ch) {
    if (closing) {
      ch.close();
    } else {
      clients.add(ch);
    }
  }

  void clientClosed(Channel ch) {
    clients.remove(ch);
  }

  /** A tenth of the time-out, 1..100 ms: late by at most 10 % (and never more than 100 ms). */
  static long sweepIntervalMillis(long timeoutMillis) {
    return Math.max(1, Math.min(100, timeoutMillis / 10));
  }

  private void sweep() {
    long now = System.nanoTime();
    Exchange e = inFlight;
    while (e != null) {
      Exchange next = e.next; // timeOut() unlinks e
      if (e.isOverdue(now)) {
        e.timeOut();
      }
      e = next;
    }
    if (now - nextIdleCheckNanos >= 0) {
      nextIdleCheckNanos = now + TimeUnit.SECONDS.toNanos(1);
      for (UpstreamPool p : poolByInstance) {
        if (p != null) {
          p.closeIdleSince(now - KEEP_ALIVE_NANOS);
        }
      }
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
    if (sweep != null) {
      sweep.cancel(false);
    }
    Promise<Void> closed = Promise.promise();
    if (serverChannel == null) {
      closed.complete();
    } else {
      serverChannel.close().addListener(f -> closed.complete());
    }
    // cancel() unlinks the head each time, so this visits every request in flight once.
    while (inFlight != null) {
      inFlight.cancel();
    }
    List<Channel> open = new ArrayList<>(clients);
    for (Channel ch : open) {
      ch.close();
    }
    for (UpstreamPool p : poolByInstance) {
      if (p != null) {
        p.closeAll();
      }
    }
    return closed.future();
  }
}
