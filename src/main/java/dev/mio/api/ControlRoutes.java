package dev.mio.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mio.config.RunSpec;
import dev.mio.launch.LaunchException;
import dev.mio.report.RunReport;
import dev.mio.run.LiveRun;
import dev.mio.run.Orchestrator;
import dev.mio.run.RunCancelledException;
import dev.mio.run.RunStateException;
import dev.mio.run.StartedRun;
import io.vertx.core.Vertx;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * The handlers of start, stop, status and metrics: each runs its orchestrator call on a plain worker thread (a start
 * can take seconds, and the orchestrator creates Vert.x instances of its own, which it should not do from a Vert.x
 * thread), maps the orchestrator's exceptions to statuses in one place, and answers on the event loop.
 */
final class ControlRoutes {
  private final Vertx vertx;
  private final Orchestrator orchestrator;
  private final FixedDeployment deployment;
  private final ExecutorService workers;
  private final Set<Long> autoStopTimers = ConcurrentHashMap.newKeySet();

  ControlRoutes(Vertx vertx, Orchestrator orchestrator, FixedDeployment deployment, ExecutorService workers) {
    this.vertx = vertx;
    this.orchestrator = orchestrator;
    this.deployment = deployment;
    this.workers = workers;
  }

  /** {@code POST …/start}: parses the body, starts the run, answers once instances are ready and load runs. */
  void start(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    byte[] bytes = body == null ? new byte[0] : body.getBytes();
    blocking(ctx, () -> {
      RunSpec spec = StartRequest.parse(bytes, deployment);
      StartedRun started;
      try {
        started = orchestrator.start(spec);
      } catch (RunStateException e) {
        return Reply.of(409, refused("started", e.getMessage()));
      } catch (RunCancelledException e) {
        ObjectNode node = refused("started", e.getMessage());
        node.put("cancelled", true);
        return Reply.of(409, node);
      } catch (LaunchException e) {
        return Reply.of(503, refused("started", e.getMessage()));
      }
      spec.duration().ifPresent(window -> scheduleAutoStop(spec.warmup().plus(window).toMillis()));
      return Reply.of(200, ApiJson.started(started));
    });
  }

  /** {@code POST …/stop}: stops the run and answers the report's stats (or a cancelled start's null stats). */
  void stop(RoutingContext ctx) {
    blocking(ctx, () -> {
      Optional<RunReport> report;
      try {
        report = orchestrator.stop();
      } catch (RunStateException e) {
        return Reply.of(409, refused("stopped", e.getMessage()));
      }
      return Reply.of(200, ApiJson.stopped(report.orElse(null)));
    });
  }

  /** {@code GET …/status}: the live view, or the phase and the last run's summary. */
  void status(RoutingContext ctx) {
    blocking(ctx, () -> {
      Optional<LiveRun> live = orchestrator.live();
      if (live.isPresent()) {
        return Reply.of(200, ApiJson.live(live.get().status()));
      }
      return Reply.of(200, ApiJson.idle(orchestrator.phase(), orchestrator.lastReport().orElse(null)));
    });
  }

  /** {@code GET /metrics}: Prometheus text from the live status. */
  void metrics(RoutingContext ctx) {
    offLoop(ctx, () -> {
      Optional<LiveRun> live = orchestrator.live();
      return PrometheusMetrics.scrape(orchestrator.phase(), live.map(LiveRun::status).orElse(null),
          live.map(LiveRun::windowPerShard).orElse(null));
    }, text -> {
      if (!ctx.response().ended() && !ctx.response().closed()) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", PrometheusMetrics.CONTENT_TYPE).end(text);
      }
    });
  }

  /** Cancels the timers of runs that stop themselves. */
  void cancelTimers() {
    for (Long id : autoStopTimers) {
      vertx.cancelTimer(id);
    }
    autoStopTimers.clear();
  }

  private void scheduleAutoStop(long delayMillis) {
    Optional<Instant> runStartedAt = orchestrator.live().map(LiveRun::startedAt);
    if (runStartedAt.isEmpty()) {
      return;
    }
    long[] id = new long[1];
    id[0] = vertx.setTimer(Math.max(1, delayMillis), t -> {
      autoStopTimers.remove(id[0]);
      try {
        workers.execute(() -> {
          // Stop only the run this timer belongs to, never a later one.
          if (orchestrator.live().map(LiveRun::startedAt).equals(runStartedAt)) {
            try {
              orchestrator.stop();
            } catch (RunStateException e) {
              // Stopped meanwhile by a client: its report is already the last one.
            }
          }
        });
      } catch (RejectedExecutionException e) {
        // The server is closing; its owner closes the orchestrator.
      }
    });
    autoStopTimers.add(id[0]);
  }

  private static ObjectNode refused(String verb, String message) {
    ObjectNode node = dev.mio.report.ReportJson.mapper().createObjectNode();
    node.put(verb, false);
    node.put("error", message);
    return node;
  }

  private void blocking(RoutingContext ctx, Callable<Reply> call) {
    offLoop(ctx, call, reply -> ApiServer.respond(ctx, reply.status, reply.body));
  }

  /** Runs {@code call} on a worker thread and hands its result (or failure) back to the request's event loop. */
  private <T> void offLoop(RoutingContext ctx, Callable<T> call, java.util.function.Consumer<T> answer) {
    Context context = vertx.getOrCreateContext();
    try {
      workers.execute(() -> {
        try {
          T result = call.call();
          context.runOnContext(v -> answer.accept(result));
        } catch (Throwable e) {
          context.runOnContext(v -> ApiServer.respondFailure(ctx, e));
        }
      });
    } catch (RejectedExecutionException e) {
      ApiServer.respond(ctx, 503, ApiJson.error("too many calls in progress, or the server is shutting down", null));
    }
  }

  /** A status and its JSON body. */
  private static final class Reply {
    final int status;
    final ObjectNode body;

    private Reply(int status, ObjectNode body) {
      this.status = status;
      this.body = body;
    }

    static Reply of(int status, ObjectNode body) {
      return new Reply(status, body);
    }
  }
}
