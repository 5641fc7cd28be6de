package dev.mio.proxy;

import dev.mio.metrics.Outcome;
import dev.mio.route.Replica;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.NoRouteToHostException;

/**
 * One proxied request from its arrival to its single outcome; every callback runs on the event loop of its
 * {@link ProxyLoop}, so its state needs no lock, and {@link #finish} makes the outcome happen exactly once.
 */
final class Exchange {
  // Intrusive links of the loop's in-flight list, so tracking a request allocates nothing.
  Exchange prev;
  Exchange next;

  private final ProxyLoop loop;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final Replica replica;
  private final int shardId;
  private final long arrivalNanos;
  private final boolean hasBody;
  private HttpClientRequest upstream;
  private HttpClientResponse upstreamResponse;
  private int status;
  private boolean finished;

  Exchange(ProxyLoop loop, HttpServerRequest request, Replica replica, int shardId, long arrivalNanos) {
    this.loop = loop;
    this.request = request;
    this.response = request.response();
    this.replica = replica;
    this.shardId = shardId;
    this.arrivalNanos = arrivalNanos;
    this.hasBody = Headers.announcesBody(request.headers());
  }

  /** Counts the request as started on its replica and forwards it. */
  void start() {
    if (hasBody) {
      // The body must wait for the upstream connection, or it would be dropped.
      request.pause();
    }
    loop.track(this);
    replica.acquire();
    loop.recorder.requestStarted(replica.instanceId());
    response.closeHandler(this::onClientGone);
    RequestOptions options = new RequestOptions()
        .setMethod(request.method())
        .setHost(replica.host())
        .setPort(replica.port())
        .setURI(request.uri())
        .setConnectTimeout(loop.timeoutMillis);
    loop.client.request(options).onComplete(this::onUpstreamRequest);
  }

  /** Ends the request as cancelled because the front door is closing. */
  void cancel() {
    if (finished) {
      return;
    }
    finish(Outcome.CANCELLED);
    resetUpstream();
    response.reset();
  }

  private void onUpstreamRequest(AsyncResult<HttpClientRequest> ar) {
    if (ar.failed()) {
      Throwable cause = ar.cause();
      boolean refused = cause instanceof ConnectException || cause instanceof NoRouteToHostException;
      fail(refused ? Outcome.CONNECT_ERROR : Outcome.IO_ERROR, 502,
          refused ? "instance " + replica.instanceId() + " refused the connection"
              : "instance " + replica.instanceId() + " failed before the request was sent");
      return;
    }
    HttpClientRequest up = ar.result();
    if (finished) {
      // Timed out or cancelled while waiting for a pooled connection.
      up.reset();
      return;
    }
    upstream = up;
    Headers.copyEndToEnd(request.headers(), up.headers());
    up.exceptionHandler(this::onUpstreamFailure);
    up.response().onComplete(this::onUpstreamResponse);
    if (hasBody) {
      if (!up.headers().contains("content-length")) {
        up.setChunked(true);
      }
      request.pipeTo(up);
    } else {
      up.end();
    }
  }

  private void onUpstreamResponse(AsyncResult<HttpClientResponse> ar) {
    if (finished) {
      return;
    }
    if (ar.failed()) {
      onUpstreamFailure(ar.cause());
      return;
    }
    HttpClientResponse r = ar.result();
    upstreamResponse = r;
    status = r.statusCode();
    response.setStatusCode(status);
    String message = r.statusMessage();
    if (message != null) {
      response.setStatusMessage(message);
    }
    Headers.copyEndToEnd(r.headers(), response.headers());
    if (!response.headers().contains("content-length") && mayHaveBody()) {
      response.setChunked(true);
    }
    r.exceptionHandler(this::onUpstreamFailure);
    r.handler(this::onUpstreamData);
    r.endHandler(this::onUpstreamEnd);
  }

  private boolean mayHaveBody() {
    return request.method() != HttpMethod.HEAD && request.version() != HttpVersion.HTTP_1_0
        && status >= 200 && status != 204 && status != 304;
  }

  private void onUpstreamData(Buffer data) {
    if (finished) {
      return;
    }
    response.write(data);
    if (response.writeQueueFull()) {
      // Back-pressure: a slow client slows the instance's socket instead of filling the heap.
      upstreamResponse.pause();
      response.drainHandler(this::onClientDrained);
    }
  }

  private void onClientDrained(Void ignored) {
    if (!finished) {
      upstreamResponse.resume();
    }
  }

  private void onUpstreamEnd(Void ignored) {
    if (!finished) {
      response.end().onComplete(this::onSent);
    }
  }

  private void onSent(AsyncResult<Void> ar) {
    if (!finished) {
      finish(ar.succeeded() ? Outcome.ofStatus(status) : Outcome.CANCELLED);
    }
  }

  private void onUpstreamFailure(Throwable cause) {
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

  private void onClientGone(Void ignored) {
    if (!finished) {
      finish(Outcome.CANCELLED);
      resetUpstream();
    }
  }

  /** Ends the request in {@code outcome} and answers the client with a JSON error, or resets it mid-response. */
  private void fail(Outcome outcome, int statusCode, String message) {
    if (finished) {
      return;
    }
    finish(outcome);
    resetUpstream();
    if (hasBody && !request.isEnded()) {
      // Let the rest of the body drain (and be dropped) so the client connection can carry its next request.
      request.resume();
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    // Headers copied from a response that failed before its first byte are not ours to send.
    response.headers().clear();
    response.setChunked(false);
    response.setStatusCode(statusCode);
    response.setStatusMessage(HttpResponseStatus.valueOf(statusCode).reasonPhrase());
    response.putHeader("content-type", "application/json");
    response.end(ErrorBodies.instanceError(message, shardId, replica.instanceId()));
  }

  private void resetUpstream() {
    if (upstream != null) {
      upstream.reset();
    }
  }

  private void finish(Outcome outcome) {
    finished = true;
    loop.untrack(this);
    replica.release();
    loop.recorder.requestEnded(replica.instanceId(), outcome, System.nanoTime() - arrivalNanos);
  }
}
