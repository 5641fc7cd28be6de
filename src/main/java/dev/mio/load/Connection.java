package dev.mio.load;

import dev.mio.metrics.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
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
  // Unpooled direct buffers that the GC frees should one ever be missed by release(), without leak tracking: the
  // request buffer lives as long as its connection, so neither pooling nor leak sampling earns its cost here.
  private static final ByteBufAllocator REQUEST_BUFFERS = new UnpooledByteBufAllocator(true, true, false);
  private static final int MIN_REQUEST_BUFFER_BYTES = 256;
  private final Lane lane;
  final ReplicaConnections pool;
  private final ResponseParser parser = new ResponseParser();
  private Channel channel;
  private boolean connected;
  private boolean closed;
  private Slot slot; // the request in flight, null while idle
  private byte[] pendingLine; // set while connecting: what to write once connected
  private byte[] pendingHost;
  private ByteBuf request; // this connection's request buffer, written again for each request

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
    // One direct buffer per connection, refilled for each request: a pooled buffer per request cost the pool's
    // allocation plus a java.nio.DirectByteBuffer slice per writeBytes (the profile's largest garbage), while an
    // unpooled unsafe buffer copies with plain memory copies. The channel releases the reference it is handed once
    // written; a buffer still queued (refCnt > 1, e.g. a response came before the request was all written) is left
    // to the channel and replaced.
    int size = requestLine.length + hostAndEnd.length;
    ByteBuf out = request;
    if (out == null || out.refCnt() != 1 || out.capacity() < size) {
      if (out != null) {
        out.release();
      }
      out = REQUEST_BUFFERS.directBuffer(Math.max(size, MIN_REQUEST_BUFFER_BYTES));
      request = out;
    }
    out.clear().writeBytes(requestLine).writeBytes(hostAndEnd);
    channel.writeAndFlush(out.retain(), channel.voidPromise()); // a failed write fires exceptionCaught, then inactive
  }

  private void releaseRequestBuffer() {
    if (request != null) {
      request.release();
      request = null;
    }
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
    releaseRequestBuffer();
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
