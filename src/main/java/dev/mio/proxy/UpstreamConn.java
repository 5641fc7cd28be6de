package dev.mio.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive connection from an event loop to an instance: requests go out as bytes from a
 * {@link RequestWriter}, responses come in as bytes through a {@link ResponseReader} to the {@link Exchange} it
 * is leased to; it goes back to its {@link UpstreamPool} in between.
 */
final class UpstreamConn extends ChannelInboundHandlerAdapter {
  final UpstreamPool pool;
  Channel channel;
  /** The request this connection serves now, or null while idle in its pool. */
  Exchange exchange;
  long idleSinceNanos;
  /** Reads this connection's responses; a response ends cleanly before the connection is leased again. */
  final ResponseReader reader = new ResponseReader();
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
    if (e == null || !(msg instanceof ByteBuf)) {
      // Nothing was asked on this connection: whatever it says, it is out of step, so it goes.
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    reader.read((ByteBuf) msg, e);
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
    if (e != null) {
      reader.closed(e); // ends a body read until close, else a 502 or a reset
    } else {
      reader.releasePartial();
    }
    exchange = null;
    pool.closed(this);
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
