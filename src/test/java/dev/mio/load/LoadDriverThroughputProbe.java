package dev.mio.load;

import dev.mio.config.WorkloadSpec;
import dev.mio.metrics.RecorderSnapshot;
import dev.mio.metrics.RunRecorder;
import dev.mio.route.Replica;
import dev.mio.route.ShardRouter;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Informational, not part of the suite: the closed-model driver's sustained req/s against a trivial in-process
 * Vert.x server, and the bytes its lane threads allocate per request. No assertion.
 *
 * <p>Run: {@code mvn -B -q test -Dtest=LoadDriverThroughputProbe -Dmio.probe=true -Dprobe.connections=16
 * -Dprobe.seconds=5} and read target/surefire-reports/dev.mio.load.LoadDriverThroughputProbe-output.txt.
 */
@EnabledIfSystemProperty(named = "mio.probe", matches = "true")
class LoadDriverThroughputProbe {

  @Test
  void report_closed_model_throughput_against_a_trivial_server() throws Exception {
    int connections = Integer.getInteger("probe.connections", 16);
    int seconds = Integer.getInteger("probe.seconds", 5);
    Vertx serverVertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1));
    try {
      int port = serverVertx.createHttpServer().requestHandler(r -> r.response().end("ok")).listen(0, "127.0.0.1")
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
      ShardRouter router = ShardRouter.of(1, List.of(Replica.alwaysReady(0, 0, "127.0.0.1", port)));
      RunRecorder recorder = new RunRecorder(1, 1);
      com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      try (LoadDriver driver = new LoadDriver(WorkloadSpec.closed(connections, "/work?key={key}"), router, recorder)) {
        driver.start();
        Thread.sleep(1000);
        long[] ids = driver.laneThreadIds();
        long allocBefore = sum(threads.getThreadAllocatedBytes(ids));
        long okBefore = recorder.okResponsesSoFar();
        recorder.openWindow();
        Thread.sleep(seconds * 1000L);
        recorder.closeWindow();
        long allocAfter = sum(threads.getThreadAllocatedBytes(ids));
        long okAfter = recorder.okResponsesSoFar();
        driver.stop();
        RecorderSnapshot snap = recorder.snapshot();
        System.out.printf("connections=%d lanes=%d nativeTransport=%s window=%.2fs ok=%d throughput=%.0f req/s"
                + " p50=%.3fms p99=%.3fms allocatedPerRequest=%d bytes (lane threads)%n",
            connections, driver.laneCount(), driver.isNativeTransport(), snap.windowNanos() / 1e9,
            snap.total().ok(), snap.total().throughputPerSecond(), snap.total().latency().p50Ms(),
            snap.total().latency().p99Ms(), (allocAfter - allocBefore) / Math.max(1, okAfter - okBefore));
      }
    } finally {
      serverVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static long sum(long[] values) {
    long s = 0;
    for (long v : values) {
      s += Math.max(0, v);
    }
    return s;
  }
}
