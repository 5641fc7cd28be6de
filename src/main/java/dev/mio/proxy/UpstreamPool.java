package dev.mio.proxy;

import dev.mio.route.Replica;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * The keep-alive connections of one event loop to one instance: idle ones (last used first, so few stay warm),
 * requests waiting for one when {@code maxConnections} are open, and connecting; confined to its event loop.
 */
final class UpstreamPool {
  private final Bootstrap bootstrap;
  private final InetSocketAddress address;
  private final int maxConnections;
  private final ArrayDeque<UpstreamConn> idle = new ArrayDeque<>();
  private final ArrayDeque<Exchange> waiters = new ArrayDeque<>();
  private final ArrayDeque<UpstreamConn> all = new ArrayDeque<>();
  private int open;

  UpstreamPool(Bootstrap bootstrap, Replica replica, InetSocketAddress address, int maxConnections) {
    this.bootstrap = bootstrap;
    this.address = address != null ? address : InetSocketAddress.createUnresolved(replica.host(), replica.port());
    this.maxConnections = maxConnections;
  }

  /** Leases a connection to {@code e}: an idle one at once, a new one once connected, or the next one released. */
  void acquire(Exchange e) {
    UpstreamConn c;
    while ((c = idle.pollLast()) != null) {
      if (c.channel.isActive()) {
        e.onConnected(c);
        return;
      }
    }
    if (open < maxConnections) {
      connect(e);
    } else {
      waiters.add(e);
    }
  }

  private void connect(Exchange e) {
    open++;
    UpstreamConn c = new UpstreamConn(this);
    all.add(c);
    ChannelFuture f = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(c); // bytes both ways: RequestWriter out, ResponseReader in
      }
    }).connect(address);
    c.channel = f.channel();
    f.addListener(done -> {
      if (done.isSuccess()) {
        if (e.isFinished()) {
          release(c); // the request ended (time-out, hang-up) while connecting: the next one may use it
        } else {
          e.onConnected(c);
        }
      } else {
        // channelInactive may not run for a channel that never connected; closed() is idempotent per connection.
        closed(c);
        e.onConnectFailed(done.cause());
      }
    });
  }

  /** Takes back a connection whose response ended cleanly, for the next waiting request or the idle list. */
  void release(UpstreamConn c) {
    c.exchange = null;
    if (!c.channel.isActive()) {
      return;
    }
    Exchange w;
    while ((w = waiters.poll()) != null) {
      if (!w.isFinished()) {
        w.onConnected(c);
        return;
      }
    }
    c.idleSinceNanos = System.nanoTime();
    idle.addLast(c);
  }

  /** Forgets a closed connection (once) and opens one for the next waiting request, if any. */
  void closed(UpstreamConn c) {
    if (!all.remove(c)) {
      return;
    }
    open--;
    idle.remove(c);
    Exchange w;
    while (open < maxConnections && (w = waiters.poll()) != null) {
      if (!w.isFinished()) {
        connect(w);
      }
    }
  }

  /** Closes connections idle since before {@code oldestNanos}, so none is used just as the instance drops it. */
  void closeIdleSince(long oldestNanos) {
    UpstreamConn c;
    while ((c = idle.peekFirst()) != null && c.idleSinceNanos - oldestNanos < 0) {
      idle.pollFirst();
      c.channel.close();
    }
  }

  /** Closes every connection (the front door is closing). */
  void closeAll() {
    waiters.clear();
    for (UpstreamConn c : all.toArray(new UpstreamConn[0])) {
      c.channel.close();
    }
  }
}
