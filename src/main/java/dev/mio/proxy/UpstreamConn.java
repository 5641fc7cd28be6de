package dev.mio.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive connection from an event loop to an instance, behind Netty's {@code HttpClientCodec}: it carries
 * the responses to the {@link Exchange} it is leased to, and goes back to its {@link UpstreamPool} in between.
 */
final class UpstreamConn extends ChannelInboundHandlerAdapter {
  final UpstreamPool pool;
  Channel channel;
  /** The request this connection serves now, or null while idle in its pool. */
  Exchange exchange;
  long idleSinceNanos;
  // Writes to the client made while this connection's read is in progress are flushed once, at read complete.
  private boolean reading;
  private Channel clientToFlush;

  UpstreamConn(UpstreamPool pool) {
    this.pool = pool;
  }

  /** Flushes {@code client} now, or at the end of this connection's read when one is in progress. */
  void flushClient(Channel client) {
    if (reading) {
      if (clientToFlush != null && clientToFlush != client) {
        clientToFlush.flush();
      }
      clientToFlush = client;
    } else {
      client.flush();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    reading = true;
    Exchange e = exchange;
    if (e == null || !(msg instanceof HttpObject)) {
      // Nothing was asked on this connection: whatever it says, it is out of step, so it goes.
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    e.onUpstreamMessage(this, (HttpObject) msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    Channel c = clientToFlush;
    if (c != null) {
      clientToFlush = null;
      c.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Exchange e = exchange;
    if (e != null && ctx.channel().isWritable()) {
      e.onUpstreamWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Exchange e = exchange;
    exchange = null;
    pool.closed(this);
    if (e != null) {
      e.onUpstreamClosed(this);
    }
    Channel c = clientToFlush;
    if (c != null) {
      clientToFlush = null;
      c.flush();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset or a protocol error: closing ends its exchange with a 502 through channelInactive.
    ctx.close();
  }
}
