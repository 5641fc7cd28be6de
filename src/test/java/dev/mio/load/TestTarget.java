package dev.mio.load;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A tiny HTTP server on 127.0.0.1 port 0 that counts the requests it receives itself (the ground truth) and can
 * answer late, with another status, never, or stall every response for a while.
 */
final class TestTarget implements AutoCloseable {
  private final Vertx vertx;
  private final HttpServer server;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final Map<String, LongAdder> keys = new ConcurrentHashMap<>();
  volatile long delayMillis;
  volatile int status = 200;
  volatile boolean neverAnswer;
  volatile boolean recordKeys;
  private volatile long stallUntilNanos;

  TestTarget(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void handle(HttpServerRequest request) {
    received.incrementAndGet();
    if (recordKeys) {
      String key = request.getParam("key");
      keys.computeIfAbsent(key == null ? "" : key, k -> new LongAdder()).increment();
    }
    if (neverAnswer) {
      return;
    }
    long waitMillis = delayMillis;
    long stallLeft = stallUntilNanos - System.nanoTime();
    if (stallLeft > 0) {
      waitMillis = Math.max(waitMillis, TimeUnit.NANOSECONDS.toMillis(stallLeft) + 1);
    }
    if (waitMillis <= 0) {
      answer(request);
    } else {
      vertx.setTimer(waitMillis, id -> answer(request));
    }
  }

  private void answer(HttpServerRequest request) {
    answered.incrementAndGet();
    request.response().setStatusCode(status).end("ok");
  }

  /** Holds every response (new or pending) until {@code millis} from now. */
  void stallAll(long millis) {
    stallUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
  }

  int port() {
    return server.actualPort();
  }

  long received() {
    return received.get();
  }

  long answered() {
    return answered.get();
  }

  /** Requests received per key, as the server saw them. */
  Map<String, Long> keysReceived() {
    Map<String, Long> out = new ConcurrentHashMap<>();
    keys.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
