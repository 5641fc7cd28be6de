package dev.mio.proxy;

import dev.mio.metrics.Outcome;
import dev.mio.route.Replica;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One proxied request from its arrival to its single outcome: its head and body go to a pooled connection of its
 * replica, the response streams back as it comes; every call runs on the event loop of its {@link ProxyLoop}, so
 * its state needs no lock, and {@link #finish} makes the outcome happen exactly once.
 */
final class Exchange implements ChannelFutureListener, ResponseReader.Listener {
  // Body parts received before the connection to the instance is ready; beyond this the client is paused.
  private static final int MAX_QUEUED = 16;
  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  // Intrusive links of the loop's in-flight list, so tracking a request allocates nothing.
  Exchange prev;
  Exchange next;

  private final ProxyLoop loop;
  private final ClientConn client;
  private final HttpRequest request;
  private final Replica replica;
  private final int shardId;
  private final long arrivalNanos;
  private final HttpVersion clientVersion;
  private final boolean isHead;
  private boolean clientKeepAlive;
  private UpstreamConn upstream;
  private ArrayDeque<HttpContent> queued;
  private boolean requestComplete;
  private boolean requestSent;
  private boolean responseStarted;
  private boolean responseDone;
  private boolean clientPaused;
  private boolean chunkedUpstream;
  private boolean upstreamPaused;
  private int status;
  private boolean finished;

  Exchange(ProxyLoop loop, ClientConn client, HttpRequest request, Replica replica, int shardId, long arrivalNanos) {
    this.loop = loop;
    this.client = client;
    this.request = request;
    this.replica = replica;
    this.shardId = shardId;
    this.arrivalNanos = arrivalNanos;
    this.clientVersion = request.protocolVersion();
    this.isHead = HttpMethod.HEAD.equals(request.method());
  }

  /** Counts the request as started on its replica, readies its head for the instance and leases a connection. */
  void start(HeadScan head) {
    HttpHeaders h = request.headers();
    clientKeepAlive = head.keepAlive(clientVersion == HttpVersion.HTTP_1_0);
    boolean hasBody = head.chunked || head.positiveContentLength;
    if (head.expectContinue && clientVersion != HttpVersion.HTTP_1_0) {
      // The front door answers Expect itself (the instance never sees it), so the client sends its body now.
      client.channel.writeAndFlush(Unpooled.wrappedBuffer(CONTINUE), client.channel.voidPromise());
    }
    if (head.hopByHop) {
      Headers.dropHopByHop(h);
    }
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
    if (hasBody && !head.hasContentLength) {
      h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      chunkedUpstream = true;
    }
    if (!head.hasHost) {
      h.set(HttpHeaderNames.HOST, replica.host() + ":" + replica.port()); // an HTTP/1.0 client may send none
    }
    loop.track(this);
    replica.acquire();
    loop.recorder.requestStarted(replica.instanceId());
    loop.pool(replica).acquire(this);
  }

  boolean isFinished() {
    return finished;
  }

  boolean isRequestComplete() {
    return requestComplete;
  }

  boolean isResponseDone() {
    return responseDone;
  }

  /** Whether this request stopped reading its client (the instance's socket is full), so it resumes it itself. */
  boolean pausesClient() {
    return clientPaused;
  }

  /** A leased connection to the instance: the head goes out, then whatever body has arrived. */
  void onConnected(UpstreamConn c) {
    if (finished) {
      c.pool.release(c);
      return;
    }
    upstream = c;
    c.exchange = this;
    c.reader.requestWasHead = isHead;
    Channel ch = c.channel;
    ch.write(RequestWriter.head(request, ch.alloc()), ch.voidPromise());
    if (queued != null) {
      HttpContent part;
      while ((part = queued.poll()) != null) {
        writeBody(ch, part);
      }
    }
    if (requestComplete) {
      requestSent = true;
    }
    client.flushUpstream(ch);
    if (ch.isWritable()) {
      resumeClient(); // else it stays paused until the instance's socket drains
    }
  }

  /** The connection could not be made: 502. */
  void onConnectFailed(Throwable cause) {
    boolean refused = cause instanceof ConnectException || cause instanceof NoRouteToHostException;
    fail(refused ? Outcome.CONNECT_ERROR : Outcome.IO_ERROR, 502,
        refused ? "instance " + replica.instanceId() + " refused the connection"
            : "instance " + replica.instanceId() + " failed before the request was sent");
  }

  /** A part of the request body from the client; {@code last} when it ends the body. */
  void onRequestContent(HttpContent part, boolean last) {
    if (last) {
      requestComplete = true;
    }
    if (finished) {
      ReferenceCountUtil.release(part);
      return;
    }
    UpstreamConn c = upstream;
    if (c == null) {
      if (queued == null) {
        queued = new ArrayDeque<>(4);
      }
      queued.add(part);
      if (queued.size() >= MAX_QUEUED) {
        pauseClient();
      }
      return;
    }
    Channel ch = c.channel;
    writeBody(ch, part);
    if (last) {
      requestSent = true;
    }
    client.flushUpstream(ch);
    if (!ch.isWritable()) {
      // Back-pressure: a slow instance slows the client's socket instead of filling the heap.
      pauseClient();
    }
  }

  // The client side's decoder hands the body over without its framing; a chunked one is framed again here.
  private void writeBody(Channel ch, HttpContent part) {
    ByteBuf data = part.content();
    int n = data.readableBytes();
    if (n == 0) {
      data.release();
    } else if (chunkedUpstream) {
      ch.write(RequestWriter.chunkStart(n, ch.alloc()), ch.voidPromise());
      ch.write(data, ch.voidPromise());
      ch.write(RequestWriter.chunkEnd(), ch.voidPromise());
    } else {
      ch.write(data, ch.voidPromise());
    }
    if (chunkedUpstream && part instanceof LastHttpContent) {
      ch.write(RequestWriter.lastChunk(), ch.voidPromise());
    }
  }

  private void pauseClient() {
    clientPaused = true;
    client.channel.config().setAutoRead(false);
  }

  private void resumeClient() {
    if (clientPaused) {
      clientPaused = false;
      client.channel.config().setAutoRead(true);
    }
  }

  /** The instance's socket drained: read the client again. */
  void onUpstreamWritable() {
    if (!finished) {
      resumeClient();
    }
  }

  /** The client's socket drained: read the instance again. */
  void onClientWritable() {
    if (upstreamPaused && upstream != null) {
      upstreamPaused = false;
      upstream.channel.config().setAutoRead(true);
    }
  }

  @Override
  public void onResponseHead(ResponseReader r) {
    status = r.status;
    boolean client10 = clientVersion == HttpVersion.HTTP_1_0;
    boolean addChunked = false;
    r.dechunk = false;
    if (!isHead && status != 204 && status != 304 && !r.hasContentLength) {
      if (r.chunked && !client10) {
        addChunked = true; // the chunks pass through as they came
      } else {
        // HTTP/1.0 has no chunks and a body read until close has no length: its end is the connection's end.
        r.dechunk = r.chunked;
        clientKeepAlive = false;
      }
    }
    responseStarted = true;
    Channel out = client.channel;
    out.write(r.encodeHead(out.alloc(), client10, addChunked, clientKeepAlive), out.voidPromise());
    upstream.flushClient(out);
  }

  @Override
  public void onResponseBody(ByteBuf slice) {
    UpstreamConn c = upstream;
    if (finished || c == null) {
      slice.release();
      return;
    }
    Channel out = client.channel;
    out.write(slice, out.voidPromise());
    c.flushClient(out);
    if (!out.isWritable()) {
      // Back-pressure: a slow client slows the instance's socket instead of filling the heap.
      upstreamPaused = true;
      c.channel.config().setAutoRead(false);
    }
  }

  @Override
  public void onResponseEnd(boolean reusable) {
    UpstreamConn c = upstream;
    if (finished || c == null) {
      return;
    }
    // The connection is clean for the next request only if the whole request went out too.
    upstream = null;
    if (upstreamPaused) {
      upstreamPaused = false;
      c.channel.config().setAutoRead(true);
    }
    if (reusable && requestSent) {
      c.pool.release(c);
    } else {
      c.exchange = null;
      c.channel.close();
    }
    Channel out = client.channel;
    // An empty write after the body completes once every byte before it is written: the last byte's moment.
    out.write(Unpooled.EMPTY_BUFFER).addListener(this);
    c.flushClient(out);
  }

  @Override
  public void onResponseMalformed() {
    onUpstreamFailure();
  }

  /** The last byte of the response was written to the client (or could not be). */
  @Override
  public void operationComplete(ChannelFuture future) {
    if (finished) {
      return;
    }
    finish(future.isSuccess() ? Outcome.ofStatus(status) : Outcome.CANCELLED);
    responseDone = true;
    client.responseDone(this, clientKeepAlive && future.isSuccess());
  }

  private void onUpstreamFailure() {
    fail(Outcome.IO_ERROR, 502, "instance " + replica.instanceId() + " failed mid-request");
  }

  /** Whether the upstream time-out has passed since arrival at {@code nowNanos}. */
  boolean isOverdue(long nowNanos) {
    return nowNanos - arrivalNanos >= loop.timeoutNanos;
  }

  /** Ends the request as timed out: 504 if nothing was answered yet, else a reset. */
  void timeOut() {
    fail(Outcome.TIMEOUT, 504,
        "instance " + replica.instanceId() + " did not answer within " + loop.timeoutMillis + " ms");
  }

  /** The client hung up: the request is cancelled and its instance connection closed. */
  void onClientGone() {
    if (!finished) {
      finish(Outcome.CANCELLED);
      closeUpstream();
    }
  }

  /** Ends the request as cancelled because the front door is closing, resetting both sides. */
  void cancel() {
    if (finished) {
      return;
    }
    finish(Outcome.CANCELLED);
    closeUpstream();
    client.channel.close();
  }

  /** Ends the request in {@code outcome} and answers the client with a JSON error, or resets it mid-response. */
  private void fail(Outcome outcome, int statusCode, String message) {
    if (finished) {
      return;
    }
    finish(outcome);
    closeUpstream();
    resumeClient();
    responseDone = true;
    if (responseStarted) {
      client.channel.close();
      return;
    }
    client.sendError(clientVersion, statusCode, ErrorBodies.instanceError(message, shardId, replica.instanceId()),
        clientKeepAlive);
    client.responseDone(this, clientKeepAlive);
  }

  private void closeUpstream() {
    if (queued != null) {
      HttpContent part;
      while ((part = queued.poll()) != null) {
        ReferenceCountUtil.release(part);
      }
    }
    UpstreamConn c = upstream;
    if (c != null) {
      upstream = null;
      c.exchange = null;
      c.channel.close();
    }
  }

  private void finish(Outcome outcome) {
    finished = true;
    loop.untrack(this);
    replica.release();
    loop.recorder.requestEnded(replica.instanceId(), outcome, System.nanoTime() - arrivalNanos);
  }
}
