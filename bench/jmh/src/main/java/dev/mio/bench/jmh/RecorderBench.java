package dev.mio.bench.jmh;

import dev.mio.metrics.Outcome;
import dev.mio.metrics.RunRecorder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of recording one request — {@link RunRecorder#requestStarted} then {@link RunRecorder#requestEnded} with
 * the window open (counted and its latency recorded in the HdrHistogram recorder) — the per-request work of both
 * the load driver and the front door; latencies vary over 50 µs … 50 ms so the histogram's buckets are touched
 * as in a real run.
 *
 * <p>Run: {@code bench/jmh.sh RecorderBench} (one thread), {@code bench/jmh.sh RecorderBench -t 2} (two threads
 * recording into the same instance: the contended case of two event loops).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecorderBench {
  private static final int MASK = 4095;
  private RunRecorder recorder;
  private final long[] latencyNanos = new long[MASK + 1];

  /** One window-open recorder of 4 instances in 2 shards and a table of realistic latencies. */
  @Setup(Level.Trial)
  public void setUp() {
    recorder = new RunRecorder(4, 2);
    recorder.openWindow();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i <= MASK; i++) {
      latencyNanos[i] = (long) (50_000 * Math.pow(1000, random.nextDouble()));
    }
  }

  /** Per-thread cursor, so two threads do not share a counter. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  /** requestStarted + requestEnded(OK) of one request, window open. */
  @Benchmark
  public void startAndEndOk(Cursor cursor) {
    int i = cursor.next++ & MASK;
    int instance = i & 3;
    recorder.requestStarted(instance);
    recorder.requestEnded(instance, Outcome.OK, latencyNanos[i]);
  }
}
