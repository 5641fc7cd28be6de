package dev.mio.load;

import dev.mio.metrics.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One HTTP/1.1 keep-alive connection of a lane to one replica, carrying at most one request at a time: writes the
 * pre-encoded request, parses the response with a {@link ResponseParser} and reports the end of each request to
 * its {@link Lane}. Confined to the lane's event loop; the handler of its own channel only.
 */
final class Connection extends ChannelInboundHandlerAdapter implements ChannelFutureListener {
  private final Lane lane;
  final ReplicaConnections pool;
  private final ResponseParser parser = new ResponseParser();
  private Channel channel;
  private boolean connected;
  private boolean closed;
  private Slot slot; // the request in flight, null while idle
  private byte[] pendingLine; // set while connecting: what to write once connected
  private byte[] pendingHost;

  Connection(Lane lane, ReplicaConnections pool) {
    this.lane = lane;
    this.pool = pool;
  }

  /** Binds the channel Bootstrap created for this handler; its connect future reports here. */
  void connecting(ChannelFuture connect) {
    channel = connect.channel();
    if (connect.isDone()) {
      operationComplete(connect);
    } else {
      connect.addListener(this);
    }
  }

  /** Whether the channel may still carry a request. */
  boolean isOpen() {
    return !closed && (!connected || channel.isActive());
  }

  /** Sends the request of {@code s}: the request line of its key, then the replica's Host header and the end. */
  void send(Slot s, byte[] requestLine, byte[] hostAndEnd) {
    slot = s;
    s.connection = this;
    parser.reset();
    if (connected) {
      write(requestLine, hostAndEnd);
    } else {
      pendingLine = requestLine;
      pendingHost = hostAndEnd;
    }
  }

  private void write(byte[] requestLine, byte[] hostAndEnd) {
    // A pooled buffer per request: the allocator recycles it, so the hot path leaves no garbage.
    ByteBuf out = channel.alloc().directBuffer(requestLine.length + hostAndEnd.length);
    out.writeBytes(requestLine).writeBytes(hostAndEnd);
    channel.writeAndFlush(out, channel.voidPromise()); // a failed write fires exceptionCaught, then inactive
  }

  /** Forgets the request in flight (timed out or cancelled, already booked by the lane) and closes the channel. */
  void abandon() {
    slot = null;
    close();
  }

  /** Closes the channel; a request still in flight is then booked by {@link #channelInactive}. */
  void close() {
    closed = true;
    if (channel != null) {
      channel.close();
    }
  }

  @Override
  public void operationComplete(ChannelFuture connect) {
    byte[] line = pendingLine;
    byte[] host = pendingHost;
    pendingLine = null;
    pendingHost = null;
    if (connect.isSuccess()) {
      connected = true;
      if (slot != null && line != null) {
        write(line, host);
      }
      return;
    }
    closed = true;
    Slot s = slot;
    slot = null;
    if (s != null) {
      lane.requestFailed(s, Lane.classify(connect.cause()));
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      Slot s = slot;
      if (s == null) {
        close(); // bytes nobody asked for (or for an abandoned request): this connection is not reusable
        return;
      }
      int result = parser.feed(in);
      if (result == ResponseParser.COMPLETE) {
        slot = null;
        // A response followed by more bytes was not one request's answer: do not reuse the connection.
        boolean reusable = parser.isKeepAlive() && !in.isReadable() && !closed;
        if (!reusable) {
          close();
        }
        lane.responseReceived(s, this, parser.status(), reusable);
      } else if (result == ResponseParser.ERROR) {
        slot = null;
        close();
        lane.requestFailed(s, Outcome.IO_ERROR);
      }
    } finally {
      in.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    Slot s = slot;
    slot = null;
    if (s == null) {
      pool.remove(this);
    } else if (connected && parser.endOfInput() == ResponseParser.COMPLETE) {
      lane.responseReceived(s, this, parser.status(), false); // a body delimited by the close (HTTP/1.0 style)
    } else {
      lane.requestFailed(s, Outcome.IO_ERROR);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    close(); // a reset or failed write: channelInactive books the request in flight as IO_ERROR
  }
}
