package dev.mio.worker;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Serves every worker endpoint; answers bad input with JSON errors and never lets an exception out. */
final class WorkerHandler implements HttpHandler {

  /** Largest {@code /work?cpuMicros=}: 10 s of CPU. */
  static final long MAX_CPU_MICROS = 10_000_000L;
  /** Largest {@code /sleep?ms=} and {@code /stall?ms=}: one minute. */
  static final long MAX_PAUSE_MILLIS = 60_000L;
  /** Largest {@code /alloc?mb=}, per call and retained in total. */
  static final long MAX_RETAINED_MB = 4_096L;

  private static final byte[] HEALTH_BODY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);

  private final WorkerConfig config;
  private final WorkerStats stats;
  private final StallGate stallGate;
  private final OffHeapStore offHeap;
  private final String instanceHeader;
  private final String shardHeader;

  WorkerHandler(WorkerConfig config, WorkerStats stats, StallGate stallGate, OffHeapStore offHeap) {
    this.config = config;
    this.stats = stats;
    this.stallGate = stallGate;
    this.offHeap = offHeap;
    this.instanceHeader = Integer.toString(config.instanceId());
    this.shardHeader = Integer.toString(config.shardId());
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      Endpoint endpoint = Endpoint.of(exchange.getRequestURI().getPath());
      int status;
      byte[] body;
      try {
        stallGate.awaitOpen();
        if (!"GET".equals(exchange.getRequestMethod())) {
          exchange.getResponseHeaders().set("Allow", "GET");
          status = 405;
          body = error("method " + exchange.getRequestMethod() + " not allowed, use GET", null);
        } else {
          status = 200;
          body = serve(endpoint, exchange.getRequestURI().getRawQuery());
          if (body == null) {
            status = 404;
            body = error("no such path: " + exchange.getRequestURI().getPath()
                + " (try /health, /work, /sleep, /alloc, /free, /stats, /stall)", null);
          }
        }
      } catch (BadParameterException e) {
        status = 400;
        body = error(e.getMessage(), e.parameter());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = 503;
        body = error("worker is shutting down", null);
      } catch (RuntimeException | Error e) {
        // Out of native memory, mostly; the client gets the kind, never a stack trace.
        status = 500;
        body = error("internal error: " + e.getClass().getSimpleName(), null);
      }
      stats.record(endpoint, status);
      send(exchange, status, body);
    } finally {
      exchange.close();
    }
  }

  // Returns null for an unknown path.
  private byte[] serve(Endpoint endpoint, String query) throws InterruptedException {
    switch (endpoint) {
      case HEALTH:
        return HEALTH_BODY;
      case WORK: {
        long cpuMicros = QueryParameters.boundedLong(query, "cpuMicros", MAX_CPU_MICROS);
        long burnedNanos = CpuBurner.burnCpuNanos(TimeUnit.MICROSECONDS.toNanos(cpuMicros));
        return ascii("{\"cpuMicros\":" + cpuMicros + ",\"cpuMicrosUsed\":" + burnedNanos / 1_000 + "}");
      }
      case SLEEP: {
        long millis = QueryParameters.boundedLong(query, "ms", MAX_PAUSE_MILLIS);
        Thread.sleep(millis);
        return ascii("{\"sleptMs\":" + millis + "}");
      }
      case STALL: {
        long millis = QueryParameters.boundedLong(query, "ms", MAX_PAUSE_MILLIS);
        stallGate.stallFor(millis);
        return ascii("{\"stalledMs\":" + millis + "}");
      }
      case ALLOC: {
        long mb = QueryParameters.boundedLong(query, "mb", MAX_RETAINED_MB);
        long retained = offHeap.allocate(mb);
        return ascii("{\"allocatedMb\":" + mb + ",\"retainedMb\":" + retained + "}");
      }
      case FREE: {
        long freed = offHeap.free();
        return ascii("{\"freedMb\":" + freed + ",\"retainedMb\":0}");
      }
      case STATS:
        // Rendered before this response is counted, so it shows the /stats calls before it.
        return ascii(stats.toJson(config.instanceId(), config.shardId(), offHeap.retainedMb()));
      default:
        return null;
    }
  }

  private void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("X-Instance-Id", instanceHeader);
    headers.set("X-Shard-Id", shardHeader);
    if ("HEAD".equals(exchange.getRequestMethod())) {
      // A HEAD response carries no body; -1 makes the server send Content-Length: 0.
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] error(String message, String parameter) {
    String json = "{\"error\":" + Json.quote(message)
        + (parameter == null ? "" : ",\"field\":" + Json.quote(parameter)) + "}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String json) {
    return json.getBytes(StandardCharsets.US_ASCII);
  }
}
