package dev.mio.proxy;

import dev.mio.metrics.Accounting;
import dev.mio.metrics.RunRecorder;
import dev.mio.route.Replica;
import dev.mio.route.ShardRouter;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * An informational measurement, not a test: closed-loop keep-alive clients sending {@code /health} to one worker
 * ({@code --threads 2}) directly and through the front door, printing requests per second for each. The client runs
 * in this JVM on its own Vert.x, so on a small machine it competes with the front door for the same cores.
 *
 * <p>Run: {@code mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt && java -cp
 * target/test-classes:target/classes:$(cat target/cp.txt) dev.mio.proxy.FrontDoorThroughputProbe 16 5}
 * (connections, seconds per measurement).
 */
public final class FrontDoorThroughputProbe {
  private FrontDoorThroughputProbe() {}

  /** Args: connections (default 16), seconds per measurement (default 5). */
  public static void main(String[] args) throws Exception {
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    try (WorkerProcess worker = WorkerProcess.launch(0, 0, 2).awaitHealthy()) {
      RunRecorder recorder = new RunRecorder(1, 1);
      ShardRouter router = ShardRouter.of(1, List.of(Replica.alwaysReady(0, 0, "127.0.0.1", worker.port)));
      Vertx clientVertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1));
      try (FrontDoor frontDoor = FrontDoor.start(null, router, recorder,
          FrontDoorOptions.defaults().withEventLoops(Runtime.getRuntime().availableProcessors()))) {
        System.out.println("native transport: " + frontDoor.usesNativeTransport() + ", front door event loops: "
            + Runtime.getRuntime().availableProcessors() + ", connections: " + connections);
        measure(clientVertx, worker.port, connections, 2, "warm-up direct");
        double direct = measure(clientVertx, worker.port, connections, seconds, "direct to worker");
        measure(clientVertx, frontDoor.port(), connections, 2, "warm-up front door");
        double proxied = measure(clientVertx, frontDoor.port(), connections, seconds, "through front door");
        System.out.printf("front door / direct = %.2f%n", proxied / direct);
        Accounting a = recorder.snapshot().accounting();
        System.out.println("front door accounting: " + a + ", worker's own count of non-health requests: "
            + worker.servedRequests());
      } finally {
        clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static double measure(Vertx vertx, int port, int connections, int seconds, String label)
      throws Exception {
    HttpClient client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1").setDefaultPort(port))
        .with(new PoolOptions().setHttp1MaxSize(connections))
        .build();
    LongAdder ok = new LongAdder();
    LongAdder failed = new LongAdder();
    AtomicBoolean running = new AtomicBoolean(true);
    CountDownLatch done = new CountDownLatch(connections);
    long start = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      vertx.runOnContext(v -> loop(client, running, ok, failed, done));
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    running.set(false);
    long elapsedNanos = System.nanoTime() - start;
    done.await(10, TimeUnit.SECONDS);
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    double perSecond = ok.sum() / (elapsedNanos / 1e9);
    System.out.printf("%-20s %,10.0f req/s  (%d ok, %d failed in %.1f s)%n", label, perSecond, ok.sum(),
        failed.sum(), elapsedNanos / 1e9);
    return perSecond;
  }

  private static void loop(HttpClient client, AtomicBoolean running, LongAdder ok, LongAdder failed,
      CountDownLatch done) {
    if (!running.get()) {
      done.countDown();
      return;
    }
    client.request(HttpMethod.GET, "/health")
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result() == 200) {
            ok.increment();
          } else {
            failed.increment();
          }
          loop(client, running, ok, failed, done);
        });
  }
}
