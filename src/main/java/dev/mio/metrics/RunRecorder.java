package dev.mio.metrics;

import dev.mio.metrics.RecorderSnapshot.WindowState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records the requests of one phase for N instances in S shards (instance i in shard i % S): accounting of every
 * request, and, for responses completing while the measured window is open, counts and latency histograms.
 *
 * <p>{@link #requestStarted} and {@link #requestEnded} may be called from any number of threads at once; they take
 * no lock and do not allocate (HdrHistogram {@link Recorder}s and {@link LongAdder}s). Window control and
 * snapshots are rare and synchronized among themselves.
 */
public final class RunRecorder {
  /** Latencies above one hour are recorded as one hour (the histogram's fixed range avoids resizing). */
  public static final long MAX_TRACKABLE_MICROS = TimeUnit.HOURS.toMicros(1);

  private static final int BUCKETS = Outcome.values().length;
  private static final int OK = Outcome.OK.ordinal();
  private static final int C4XX = Outcome.HTTP_4XX.ordinal();
  private static final int C5XX = Outcome.HTTP_5XX.ordinal();

  private final int instanceCount;
  private final int shardCount;
  private final LongSupplier nanoClock;
  private final LongAdder[] sent;
  private final LongAdder[][] outcomes;
  private final LongAdder[][] windowResponses;
  private final Recorder[] recorders;

  private volatile boolean windowOpen;
  private volatile WindowState windowState = WindowState.NOT_OPENED;
  private long windowStartNanos;
  private long windowEndNanos;
  // Guarded by this: latencies drained from the recorders since the window opened, and counts frozen at close.
  private final Histogram[] windowHistograms;
  private final Histogram[] recycled;
  private long[][] frozenWindowResponses;

  /**
   * A recorder for {@code instances} instances in {@code shards} shards, timing the window with
   * {@link System#nanoTime()}.
   */
  public RunRecorder(int instances, int shards) {
    this(instances, shards, System::nanoTime);
  }

  /** A recorder whose window is timed by the given monotonic nanosecond clock. */
  public RunRecorder(int instances, int shards, LongSupplier nanoClock) {
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1, was " + instances);
    }
    if (shards < 1 || shards > instances) {
      throw new IllegalArgumentException("shards must be 1..instances (" + instances + "), was " + shards);
    }
    this.instanceCount = instances;
    this.shardCount = shards;
    this.nanoClock = nanoClock;
    this.sent = new LongAdder[instances];
    this.outcomes = new LongAdder[instances][BUCKETS];
    this.windowResponses = new LongAdder[instances][BUCKETS];
    this.recorders = new Recorder[instances];
    this.windowHistograms = new Histogram[instances];
    this.recycled = new Histogram[instances];
    for (int i = 0; i < instances; i++) {
      sent[i] = new LongAdder();
      for (int b = 0; b < BUCKETS; b++) {
        outcomes[i][b] = new LongAdder();
        windowResponses[i][b] = new LongAdder();
      }
      recorders[i] = new Recorder(MAX_TRACKABLE_MICROS, 3);
      windowHistograms[i] = newHistogram();
    }
  }

  /** Number of instances N. */
  public int instanceCount() {
    return instanceCount;
  }

  /** Number of shards S. */
  public int shardCount() {
    return shardCount;
  }

  /** Counts a request started towards an instance; every call must be followed by one {@link #requestEnded}. */
  public void requestStarted(int instanceId) {
    sent[instanceId].increment();
  }

  /**
   * Puts a started request in its bucket; for a response (OK, 4xx, 5xx) completing while the window is open, also
   * counts it in the window and records its latency.
   *
   * @param instanceId the instance the request went to
   * @param outcome its bucket
   * @param latencyNanos its latency in nanoseconds (ignored for outcomes that are not responses)
   */
  public void requestEnded(int instanceId, Outcome outcome, long latencyNanos) {
    int b = outcome.ordinal();
    outcomes[instanceId][b].increment();
    if (windowOpen && (b == OK || b == C4XX || b == C5XX)) {
      windowResponses[instanceId][b].increment();
      long micros = latencyNanos <= 0 ? 0 : latencyNanos / 1000;
      recorders[instanceId].recordValue(Math.min(micros, MAX_TRACKABLE_MICROS));
    }
  }

  /** Opens the measured window (once): responses completing from now on count toward window figures. */
  public synchronized void openWindow() {
    if (windowState != WindowState.NOT_OPENED) {
      throw new IllegalStateException("the window can be opened once; it is " + windowState);
    }
    for (int i = 0; i < instanceCount; i++) {
      recorders[i].reset();
      windowHistograms[i].reset();
    }
    windowStartNanos = nanoClock.getAsLong();
    windowState = WindowState.OPEN;
    windowOpen = true;
  }

  /** Closes the window: later responses count only in the accounting; window figures are final. Idempotent. */
  public synchronized void closeWindow() {
    if (windowState != WindowState.OPEN) {
      return;
    }
    windowOpen = false;
    windowEndNanos = nanoClock.getAsLong();
    drainRecorders();
    frozenWindowResponses = readWindowResponses();
    windowState = WindowState.CLOSED;
  }

  /** Whether the window is open now. */
  public boolean isWindowOpen() {
    return windowOpen;
  }

  /**
   * Responses of any status completed so far in the phase (window or not): a cumulative count a live view
   * differences over one second to show the last second's rate.
   */
  public long responsesSoFar() {
    long n = 0;
    for (int i = 0; i < instanceCount; i++) {
      n += outcomes[i][OK].sum() + outcomes[i][C4XX].sum() + outcomes[i][C5XX].sum();
    }
    return n;
  }

  /** OK responses completed so far in the phase: the cumulative count behind a live throughput figure. */
  public long okResponsesSoFar() {
    long n = 0;
    for (int i = 0; i < instanceCount; i++) {
      n += outcomes[i][OK].sum();
    }
    return n;
  }

  /** An immutable view of everything recorded so far. */
  public synchronized RecorderSnapshot snapshot() {
    WindowState state = windowState;
    long windowNanos;
    long[][] counts;
    if (state == WindowState.OPEN) {
      drainRecorders();
      windowNanos = nanoClock.getAsLong() - windowStartNanos;
      counts = readWindowResponses();
    } else if (state == WindowState.CLOSED) {
      windowNanos = windowEndNanos - windowStartNanos;
      counts = frozenWindowResponses;
    } else {
      windowNanos = 0;
      counts = new long[instanceCount][BUCKETS];
    }

    List<WindowFigures> perInstance = new ArrayList<>(instanceCount);
    List<Accounting> accountingPerInstance = new ArrayList<>(instanceCount);
    long totalSent = 0;
    long[] totalBuckets = new long[BUCKETS];
    for (int i = 0; i < instanceCount; i++) {
      perInstance.add(figures(i, counts[i], windowNanos, windowHistograms[i]));
      long[] buckets = new long[BUCKETS];
      for (int b = 0; b < BUCKETS; b++) {
        buckets[b] = outcomes[i][b].sum();
        totalBuckets[b] += buckets[b];
      }
      // Read sent after the buckets so a request ending meanwhile never shows sent < Σ buckets.
      long s = sent[i].sum();
      totalSent += s;
      accountingPerInstance.add(Accounting.of(s, buckets));
    }

    List<WindowFigures> perShard = new ArrayList<>(shardCount);
    Histogram all = newHistogram();
    long[] allCounts = new long[BUCKETS];
    for (int s = 0; s < shardCount; s++) {
      Histogram merged = newHistogram();
      long[] shardCounts = new long[BUCKETS];
      for (int i = s; i < instanceCount; i += shardCount) {
        merged.add(windowHistograms[i]);
        for (int b = 0; b < BUCKETS; b++) {
          shardCounts[b] += counts[i][b];
        }
      }
      perShard.add(figures(s, shardCounts, windowNanos, merged));
      all.add(merged);
      for (int b = 0; b < BUCKETS; b++) {
        allCounts[b] += shardCounts[b];
      }
    }
    return new RecorderSnapshot(state, windowNanos, perInstance, perShard, figures(-1, allCounts, windowNanos, all),
        Accounting.of(totalSent, totalBuckets), accountingPerInstance);
  }

  private static WindowFigures figures(int id, long[] counts, long windowNanos, Histogram micros) {
    long ok = counts[OK];
    long c4 = counts[C4XX];
    long c5 = counts[C5XX];
    return new WindowFigures(id, ok + c4 + c5, ok, c4, c5, windowNanos, LatencySummary.ofMicros(micros));
  }

  private long[][] readWindowResponses() {
    long[][] out = new long[instanceCount][BUCKETS];
    for (int i = 0; i < instanceCount; i++) {
      for (int b = 0; b < BUCKETS; b++) {
        out[i][b] = windowResponses[i][b].sum();
      }
    }
    return out;
  }

  private void drainRecorders() {
    for (int i = 0; i < instanceCount; i++) {
      // A recorder accepts back only histograms it produced itself, so each keeps its own spare.
      Histogram interval = recorders[i].getIntervalHistogram(recycled[i]);
      windowHistograms[i].add(interval);
      recycled[i] = interval;
    }
  }

  private static Histogram newHistogram() {
    return new Histogram(MAX_TRACKABLE_MICROS, 3);
  }
}
