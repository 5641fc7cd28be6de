package dev.mio.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mio.report.ReportJson;
import dev.mio.run.Orchestrator;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * The REST API of one orchestrator: {@code /system/multi-instance/{start,stop,status}} (also under {@code /api/v1}),
 * {@code /health} and {@code /metrics}, on Vert.x; every error is a JSON body, never a stack trace.
 */
public final class ApiServer implements AutoCloseable {
  private static final String[] PREFIXES = {"", "/api/v1"};
  private static final int[] ERROR_STATUSES = {400, 401, 403, 404, 405, 406, 413, 414, 415, 431, 500, 501, 503};
  private static final int MAX_WORKER_THREADS = 64;

  private final Vertx vertx;
  private final ExecutorService workers;
  private final ControlRoutes control;
  private final HttpServer server;

  private ApiServer(Vertx vertx, ExecutorService workers, ControlRoutes control, HttpServer server) {
    this.vertx = vertx;
    this.workers = workers;
    this.control = control;
    this.server = server;
  }

  /**
   * Starts serving {@code orchestrator} on {@code host:port} (0 = ephemeral) and returns once bound.
   *
   * @param token the bearer token every control and metrics call must carry, or null for none
   * @throws IllegalArgumentException when the host is not loopback and no token is given
   * @throws IllegalStateException when the address cannot be bound (message names it and the cause)
   */
  public static ApiServer start(Orchestrator orchestrator, FixedDeployment deployment, String host, int port,
      String token) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    BearerAuth.checkBind(host, token);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    ExecutorService workers = workers();
    ControlRoutes control = new ControlRoutes(vertx, orchestrator, deployment, workers);
    Router router = router(vertx, control, token);
    try {
      HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
              .setIdleTimeout(120).setIdleTimeoutUnit(TimeUnit.SECONDS))
          .requestHandler(router)
          .listen()
          .await(30, TimeUnit.SECONDS);
      return new ApiServer(vertx, workers, control, server);
    } catch (Exception e) {
      workers.shutdownNow();
      vertx.close();
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** The port the server is bound to. */
  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    control.cancelTimers();
    try {
      server.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing anyway below.
    }
    workers.shutdown();
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // The event loop threads are daemons; nothing more to release.
    }
  }

  /**
   * Daemon threads for orchestrator calls: an idle one is reused, a new one made only when all are busy, idle ones
   * exit after 30 s; more than 64 calls in progress at once are refused (503) rather than queued without bound.
   */
  private static ExecutorService workers() {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(0, MAX_WORKER_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        runnable -> {
          Thread thread = new Thread(runnable, "mio-api-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  private static Router router(Vertx vertx, ControlRoutes control, String token) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.next();
    });
    if (token != null) {
      BearerAuth auth = new BearerAuth(token);
      router.route("/system/*").handler(auth);
      router.route("/api/v1/*").handler(auth);
      router.route("/metrics").handler(auth);
    }
    router.route().handler(BodyHandler.create(false).setBodyLimit(StartRequest.MAX_BODY_BYTES));
    router.get("/health").handler(ctx -> respond(ctx, 200, health()));
    router.get("/metrics").handler(control::metrics);
    for (String prefix : PREFIXES) {
      String base = prefix + "/system/multi-instance";
      router.post(base + "/start").handler(control::start);
      router.post(base + "/stop").handler(control::stop);
      router.get(base + "/status").handler(control::status);
    }
    for (int status : ERROR_STATUSES) {
      router.errorHandler(status, ctx -> respondFailure(ctx, ctx.failure()));
    }
    return router;
  }

  private static ObjectNode health() {
    ObjectNode node = ReportJson.mapper().createObjectNode();
    node.put("status", "ok");
    return node;
  }

  /** Answers {@code body} as JSON with {@code status}, unless the client is gone or an answer was sent. */
  static void respond(RoutingContext ctx, int status, ObjectNode body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    String text;
    try {
      text = ReportJson.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      status = 500;
      text = "{\"error\":\"cannot render the answer\",\"field\":null}";
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(text + "\n");
  }

  /** Answers a failure: an {@link ApiException} with its status and field, anything else by the router's status. */
  static void respondFailure(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ApiException) {
      ApiException api = (ApiException) failure;
      respond(ctx, api.status(), ApiJson.error(api.getMessage(), api.field()));
      return;
    }
    int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
    if (status == 500) {
      // The client gets no stack trace; the operator's log does.
      LoggerFactory.getLogger(ApiServer.class).error("failed to serve {} {}", ctx.request().method(),
          ctx.normalizedPath(), failure);
    }
    respond(ctx, status, ApiJson.error(reason(status, ctx), null));
  }

  private static String reason(int status, RoutingContext ctx) {
    switch (status) {
      case 404:
        return "no such route: " + abbreviate(ctx.normalizedPath());
      case 405:
        return "method " + ctx.request().method() + " is not allowed on " + abbreviate(ctx.normalizedPath());
      case 413:
        return "body too large: at most " + StartRequest.MAX_BODY_BYTES + " bytes";
      case 500:
        return "internal error";
      default:
        return "request refused (HTTP " + status + ")";
    }
  }

  private static String abbreviate(String text) {
    return text == null || text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
