package dev.mio.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One client connection of the front door, behind Netty's {@code HttpRequestDecoder}: it hands each request to its
 * {@link ProxyLoop} and its body to the request's {@link Exchange}, one request at a time; requests a client
 * pipelines wait here in order until the one before has been answered.
 */
final class ClientConn extends ChannelInboundHandlerAdapter {
  // Pipelined messages held beyond this stop reading the socket until they are served.
  private static final int MAX_PENDING = 64;

  private final ProxyLoop loop;
  Channel channel;
  /** The request being answered (and perhaps its body still read), or null between requests. */
  private Exchange active;
  private ArrayDeque<HttpObject> pending;
  // Writes to the instance made while this connection's read is in progress are flushed once, at read complete.
  private boolean reading;
  private Channel upstreamToFlush;

  ClientConn(ProxyLoop loop) {
    this.loop = loop;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    loop.clientOpened(channel);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    reading = true;
    if (!(msg instanceof HttpObject)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    HttpObject o = (HttpObject) msg;
    if ((pending != null && !pending.isEmpty()) || (o instanceof HttpRequest && active != null)) {
      hold(o);
      return;
    }
    handle(o);
  }

  private void handle(HttpObject o) {
    if (o instanceof HttpRequest) {
      if (o.decoderResult().isFailure()) {
        ReferenceCountUtil.release(o);
        sendError(HttpVersion.HTTP_1_1, 400, ErrorBodies.error("malformed request"), false);
        return;
      }
      active = loop.dispatch(this, (HttpRequest) o);
      if (o instanceof HttpContent) {
        onContent((HttpContent) o);
      }
    } else if (o instanceof HttpContent) {
      onContent((HttpContent) o);
    } else {
      ReferenceCountUtil.release(o);
    }
  }

  private void onContent(HttpContent c) {
    Exchange e = active;
    if (c.decoderResult().isFailure()) {
      // A broken body (bad chunk, too long): the connection is out of step, so it ends, and its request with it.
      ReferenceCountUtil.release(c);
      channel.close();
      return;
    }
    boolean last = c instanceof LastHttpContent;
    if (e == null) {
      ReferenceCountUtil.release(c); // the body of a request answered by the front door itself
    } else {
      e.onRequestContent(c, last);
      if (last && e.isResponseDone()) {
        requestDone(e);
      }
    }
  }

  private void hold(HttpObject o) {
    if (pending == null) {
      pending = new ArrayDeque<>();
    }
    pending.add(o);
    if (pending.size() >= MAX_PENDING) {
      channel.config().setAutoRead(false);
    }
  }

  /**
   * Called by {@code e} once its response has been sent (or the connection given up); the connection then serves
   * the next request once {@code e}'s body has been read to its end.
   */
  void responseDone(Exchange e, boolean keepAlive) {
    if (!keepAlive) {
      channel.close();
      return;
    }
    if (e.isRequestComplete()) {
      requestDone(e);
    } else {
      // The rest of the body is read and dropped, so the connection stays in step for the next request.
      channel.config().setAutoRead(true);
    }
  }

  private void requestDone(Exchange e) {
    if (active != e) {
      return;
    }
    active = null;
    if (pending == null || pending.isEmpty()) {
      return;
    }
    HttpObject o;
    while (active == null || !(pending.peek() instanceof HttpRequest)) {
      o = pending.poll();
      if (o == null) {
        break;
      }
      handle(o);
    }
    if (pending.size() < MAX_PENDING && !channel.config().isAutoRead() && (active == null || !active.pausesClient())) {
      channel.config().setAutoRead(true);
    }
  }

  /** Flushes {@code upstream} now, or at the end of this connection's read when one is in progress. */
  void flushUpstream(Channel upstream) {
    if (reading) {
      if (upstreamToFlush != null && upstreamToFlush != upstream) {
        upstreamToFlush.flush();
      }
      upstreamToFlush = upstream;
    } else {
      upstream.flush();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    Channel u = upstreamToFlush;
    if (u != null) {
      upstreamToFlush = null;
      u.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Exchange e = active;
    if (e != null && ctx.channel().isWritable()) {
      e.onClientWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    loop.clientClosed(channel);
    Exchange e = active;
    active = null;
    if (e != null) {
      e.onClientGone();
    }
    if (pending != null) {
      for (HttpObject o : pending) {
        ReferenceCountUtil.release(o);
      }
      pending.clear();
    }
    Channel u = upstreamToFlush;
    if (u != null) {
      upstreamToFlush = null;
      u.flush();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset by the client: closing ends its request as cancelled through channelInactive.
    ctx.close();
  }

  /**
   * Answers the current request with a JSON error the front door makes itself.
   *
   * @param version the client's HTTP version
   * @param status HTTP status
   * @param json the body
   * @param keepAlive whether the connection stays open after it
   */
  void sendError(HttpVersion version, int status, String json, boolean keepAlive) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(160).append(version.text()).append(' ')
        .append(HttpResponseStatus.valueOf(status)).append("\r\ncontent-type: application/json\r\ncontent-length: ")
        .append(body.length).append("\r\n");
    if (!keepAlive) {
      head.append("connection: close\r\n");
    } else if (version == HttpVersion.HTTP_1_0) {
      head.append("connection: keep-alive\r\n");
    }
    head.append("\r\n");
    ByteBuf out = channel.alloc().buffer(head.length() + body.length);
    out.writeCharSequence(head, StandardCharsets.US_ASCII);
    out.writeBytes(body);
    if (keepAlive) {
      channel.writeAndFlush(out, channel.voidPromise());
    } else {
      channel.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
