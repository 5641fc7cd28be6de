package dev.mio.run;

import dev.mio.analysis.ScalingAnalysis;
import dev.mio.config.RunSpec;
import dev.mio.launch.Deployment;
import dev.mio.launch.Instance;
import dev.mio.metrics.Accounting;
import dev.mio.metrics.RecorderSnapshot;
import dev.mio.metrics.WindowFigures;
import dev.mio.report.BaselineResult;
import dev.mio.sample.ResourceSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A handle on the active run from which live status views are taken. */
public final class LiveRun {
  private static final long MIN_RATED_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final RunPhase phase;
  private final RunSpec spec;
  private final Instant startedAt;
  private final Deployment deployment;
  private final MeasuredPhase measured;
  private final BaselineResult baseline;
  private final RateMeter rate;

  LiveRun(RunPhase phase, RunSpec spec, Instant startedAt, Deployment deployment, MeasuredPhase measured,
      BaselineResult baseline, RateMeter rate) {
    this.phase = phase;
    this.spec = spec;
    this.startedAt = startedAt;
    this.deployment = deployment;
    this.measured = measured;
    this.baseline = baseline;
    this.rate = rate;
  }

  /** The run's settings. */
  public RunSpec spec() {
    return spec;
  }

  /** When the run started. */
  public Instant startedAt() {
    return startedAt;
  }

  /** The deployment's live instances. */
  public List<Instance> instances() {
    return deployment.instances();
  }

  /** The window figures of each shard so far, indexed by shard id (empty before the window opens). */
  public List<WindowFigures> windowPerShard() {
    return measured.recorder().snapshot().perShard();
  }

  /** The current figures of the run, as measured so far. */
  public LiveStatus status() {
    RecorderSnapshot snapshot = measured.recorder().snapshot();
    List<LiveInstance> instances = new ArrayList<>();
    for (Instance instance : deployment.instances()) {
      Optional<ResourceSample> sample = measured.sampler().latest(instance.id());
      Accounting accounting = snapshot.accountingPerInstance().get(instance.id());
      instances.add(new LiveInstance(instance.id(), instance.shardId(), instance.pid(), instance.port(),
          instance.state().name(), sample.map(ResourceSample::cpuPercent).orElse(null),
          sample.map(ResourceSample::rssBytes).orElse(null), accounting.responses(), instance.restarts()));
    }
    // A window shorter than a second has too few completions to rate (at its opening: none, which read as a
    // throughput of 0 and a speedup of 0.00); like throughputLastSecond, it is null until a second has passed.
    Double windowThroughput = snapshot.windowState() == RecorderSnapshot.WindowState.NOT_OPENED
        || snapshot.windowNanos() < MIN_RATED_WINDOW_NANOS ? null : snapshot.total().throughputPerSecond();
    Double baseThroughput = baseline == null ? null : baseline.phase().throughputPerSec();
    Double speedup = windowThroughput == null ? null
        : ScalingAnalysis.speedupRatio(windowThroughput, baseThroughput);
    Optional<ResourceSample> self = measured.sampler().selfLatest();
    return new LiveStatus(phase, TimeUnit.NANOSECONDS.toMillis(measured.uptimeNanos()),
        snapshot.windowState().name(), TimeUnit.NANOSECONDS.toMillis(snapshot.windowNanos()), spec.shards(),
        instances, snapshot.accounting().responses(), rate.ratePerSecond(TimeUnit.SECONDS.toNanos(1)),
        windowThroughput, snapshot.total().latency(), speedup, baseThroughput,
        measured.frontDoorUrl().orElse(null), self.map(ResourceSample::cpuPercent).orElse(null),
        self.map(ResourceSample::rssBytes).orElse(null));
  }
}
