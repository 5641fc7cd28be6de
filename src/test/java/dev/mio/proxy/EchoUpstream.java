package dev.mio.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 for protocol tests: POST echoes its body back chunked (no Content-Length), GET
 * answers with the request header names it received in {@code x-seen-headers}; it counts what it served.
 */
final class EchoUpstream implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final HttpServer server;
  final AtomicInteger served = new AtomicInteger();

  EchoUpstream() throws Exception {
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  int port() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    served.incrementAndGet();
    if (request.method() == HttpMethod.POST) {
      request.response().setChunked(true);
      request.pipeTo(request.response());
      return;
    }
    String names = String.join(",", request.headers().names()).toLowerCase(java.util.Locale.ROOT);
    request.response().putHeader("x-seen-headers", names).end("hello");
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
