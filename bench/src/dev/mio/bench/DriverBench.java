package dev.mio.bench;

import dev.mio.config.WorkloadSpec;
import dev.mio.metrics.Accounting;
import dev.mio.metrics.RecorderSnapshot;
import dev.mio.metrics.RunRecorder;
import dev.mio.load.DriverOptions;
import dev.mio.load.LoadDriver;
import dev.mio.route.Replica;
import dev.mio.route.ShardRouter;
import java.lang.management.ManagementFactory;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * mio's load driver against an external HTTP target, printing one {@code RESULT rps p50Ms p99Ms} line that
 * bench/driver-vs-wrk.sh parses (closed model: latency from the actual send; open model: from the intended send,
 * plus the uncorrected figure from the actual send).
 *
 * <p>Run: {@code bench/driver-vs-wrk.sh} (it builds this with javac), or by hand:
 * {@code taskset -c 0 java -cp bench/target/classes:target/classes:$(cat target/cp.txt) dev.mio.bench.DriverBench
 * 127.0.0.1 8080 50 10 3 closed 0}. Both models first warm the JIT with a closed-model driver for warmupSeconds,
 * then the measured driver runs 1 s before its window opens. The detail line also gives the lane threads' CPU
 * time over the window (user+system and user, % of one core).
 */
public final class DriverBench {
  // CPU time of the lane threads as the OS accounts it (the JVM reads the thread's CPU clock).
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private DriverBench() {}

  private static long sum(long[] nanos) {
    long s = 0;
    for (long n : nanos) {
      s += Math.max(0, n);
    }
    return s;
  }

  /** Args: host port connections seconds warmupSeconds closed|open ratePerSecond. */
  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      System.err.println("usage: DriverBench host port connections seconds warmupSeconds closed|open rate");
      System.exit(2);
    }
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int connections = Integer.parseInt(args[2]);
    double seconds = Double.parseDouble(args[3]);
    double warmupSeconds = Double.parseDouble(args[4]);
    boolean open = args[5].equals("open");
    double rate = Double.parseDouble(args[6]);
    WorkloadSpec spec = open ? WorkloadSpec.open(rate, connections, "/?key={key}")
        : WorkloadSpec.closed(connections, "/?key={key}");
    ShardRouter router = ShardRouter.of(1, List.of(Replica.alwaysReady(0, 0, host, port)));
    // JIT warm-up with a closed-model driver that is thrown away: an open schedule started on a cold JVM falls
    // behind and, never skipping a request, would carry that backlog into the measured window.
    try (LoadDriver warmup = new LoadDriver(WorkloadSpec.closed(connections, "/?key={key}"), router,
        new RunRecorder(1, 1))) {
      warmup.start();
      Thread.sleep((long) (warmupSeconds * 1000));
    }
    RunRecorder recorder = new RunRecorder(1, 1);
    Recorder actual = new Recorder(RunRecorder.MAX_TRACKABLE_MICROS, 3);
    try (LoadDriver driver = new LoadDriver(spec, router, recorder,
        DriverOptions.defaults().withActualSendLatency(actual))) {
      driver.start();
      Thread.sleep(1000); // the measured driver's own warm-up: connections open, schedule settled
      actual.reset();
      long[] laneThreads = driver.laneThreadIds();
      long cpuBefore = sum(THREADS.getThreadCpuTime(laneThreads));
      long userBefore = sum(THREADS.getThreadUserTime(laneThreads));
      recorder.openWindow();
      long windowStart = System.nanoTime();
      Thread.sleep((long) (seconds * 1000));
      recorder.closeWindow();
      long windowNanos = System.nanoTime() - windowStart;
      double laneCpuPercent = 100.0 * (sum(THREADS.getThreadCpuTime(laneThreads)) - cpuBefore) / windowNanos;
      double laneUserPercent = 100.0 * (sum(THREADS.getThreadUserTime(laneThreads)) - userBefore) / windowNanos;
      Histogram actualWindow = actual.getIntervalHistogram();
      driver.stop();
      RecorderSnapshot snap = recorder.snapshot();
      Accounting a = snap.accounting();
      double rps = snap.total().throughputPerSecond();
      System.out.printf("RESULT %.0f %.3f %.3f%n", rps, snap.total().latency().p50Ms(),
          snap.total().latency().p99Ms());
      System.out.printf("detail lanes=%d native=%s window=%.3fs accounting=%s actualSend p50=%.3fms p99=%.3fms"
              + " unsentDueAtStop=%d laneCpu=%.1f%% laneUser=%.1f%% (of one core)%n",
          driver.laneCount(), driver.isNativeTransport(), snap.windowNanos() / 1e9, a,
          actualWindow.getValueAtPercentile(50) / 1000.0, actualWindow.getValueAtPercentile(99) / 1000.0,
          driver.unsentDueRequestsAtStop(), laneCpuPercent, laneUserPercent);
    }
  }
}
