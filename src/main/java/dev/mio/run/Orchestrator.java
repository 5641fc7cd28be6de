package dev.mio.run;

import dev.mio.config.BaselineMode;
import dev.mio.config.RunSpec;
import dev.mio.config.WorkloadSpec;
import dev.mio.launch.Deployment;
import dev.mio.launch.DeploymentSpec;
import dev.mio.launch.Instance;
import dev.mio.launch.InstanceLauncher;
import dev.mio.launch.LaunchException;
import dev.mio.proxy.FrontDoorOptions;
import dev.mio.report.BaselineResult;
import dev.mio.report.PhaseResult;
import dev.mio.report.RunReport;
import dev.mio.sample.SamplerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the lifecycle IDLE → STARTING → BASELINE → RUNNING → STOPPING → IDLE: measures the baseline, launches the
 * deployment, drives and measures it, and turns what was measured into a {@link RunReport}. Safe for concurrent
 * callers: one run at a time, a start while active or a stop while idle is refused with a
 * {@link RunStateException}.
 */
public final class Orchestrator implements AutoCloseable {
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final InstanceLauncher launcher;
  private final Path stateDirectory;
  private final SamplerSettings samplerSettings;
  private final FrontDoorOptions frontDoorOptions;
  private final BaselineCache baselineCache;
  private final ScheduledExecutorService timer;
  private final AtomicInteger runCounter = new AtomicInteger();

  private final Object lock = new Object();
  // Guarded by lock.
  private RunPhase phase = RunPhase.IDLE;
  private boolean cancelRequested;
  private ActiveRun active;
  private RunReport lastReport;
  private RunListener listener = RunListener.NONE;

  /**
   * An orchestrator launching with {@code launcher} and keeping baselines and run logs under {@code stateDirectory}.
   */
  public Orchestrator(InstanceLauncher launcher, Path stateDirectory, SamplerSettings samplerSettings,
      FrontDoorOptions frontDoorOptions) {
    this.launcher = launcher;
    this.stateDirectory = stateDirectory;
    this.samplerSettings = samplerSettings;
    this.frontDoorOptions = frontDoorOptions;
    this.baselineCache = new BaselineCache(stateDirectory.resolve("baselines"));
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "mio-run-timer");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Sets who hears about progress (e.g. a terminal). */
  public void setListener(RunListener listener) {
    synchronized (lock) {
      this.listener = listener == null ? RunListener.NONE : listener;
    }
  }

  /** The current phase. */
  public RunPhase phase() {
    synchronized (lock) {
      return phase;
    }
  }

  /** The report of the last completed run, if any. */
  public Optional<RunReport> lastReport() {
    synchronized (lock) {
      return Optional.ofNullable(lastReport);
    }
  }

  /**
   * Measures the baseline (unless {@code none} or cached), launches the deployment and starts its workload; returns
   * once the instances are ready and the workload runs. The window opens after the warm-up.
   *
   * @throws RunStateException when a run is already active
   * @throws LaunchException when instances do not become ready; nothing is left running
   * @throws RunCancelledException when a stop cancelled the start
   */
  public StartedRun start(RunSpec spec) throws LaunchException {
    synchronized (lock) {
      if (phase != RunPhase.IDLE) {
        throw new RunStateException("a run is already in progress (phase " + phase + ")", phase);
      }
      phase = phase.moveTo(RunPhase.STARTING);
      cancelRequested = false;
    }
    Instant startedAt = Instant.now();
    Path runDirectory = stateDirectory.resolve("runs")
        .resolve(RUN_ID.format(startedAt) + "-" + ProcessHandle.current().pid() + "-" + runCounter.incrementAndGet());
    Deployment deployment = null;
    MeasuredPhase measured = null;
    try {
      Files.createDirectories(runDirectory);
      BaselineResult baseline = baseline(spec, runDirectory);
      checkNotCancelled();
      progress(RunPhase.STARTING, "launching " + spec.instances() + " instances in " + spec.shards() + " shards");
      deployment = launcher.launch(deploymentSpec(spec, spec.instances(), spec.shards(), runDirectory.resolve("deployment")));
      checkNotCancelled();
      measured = MeasuredPhase.begin(deployment, spec.workload(), samplerSettings, frontDoorOptions,
          spec.warmup().isZero());
      ActiveRun run = new ActiveRun(spec, startedAt, deployment, measured, baseline);
      synchronized (lock) {
        if (cancelRequested) {
          throw new RunCancelledException("start cancelled by a stop");
        }
        active = run;
        phase = phase.moveTo(RunPhase.RUNNING);
      }
      scheduleWindow(run, spec.warmup());
      run.rateTask = timer.scheduleAtFixedRate(
          () -> run.rate.record(System.nanoTime(), run.measured.recorder().okResponsesSoFar()), 0, 250,
          TimeUnit.MILLISECONDS);
      progress(RunPhase.RUNNING, spec.workload().isPresent()
          ? "workload running; warm-up " + spec.warmup().toMillis() + " ms before the window opens"
          : "no workload: measuring front-door traffic at " + measured.frontDoorUrl().orElse("(no front door)"));
      List<Long> pids = new ArrayList<>();
      List<Integer> ports = new ArrayList<>();
      for (Instance instance : deployment.instances()) {
        pids.add(instance.pid());
        ports.add(instance.port());
      }
      return new StartedRun(spec.instances(), spec.shards(), pids, ports, measured.frontDoorUrl().orElse(null),
          baseline);
    } catch (LaunchException | RuntimeException | IOException e) {
      if (measured != null) {
        measured.close();
      }
      if (deployment != null) {
        deployment.stop();
      }
      synchronized (lock) {
        active = null;
        phase = RunPhase.IDLE;
        lock.notifyAll();
      }
      if (e instanceof IOException) {
        throw new LaunchException("cannot create the run folder " + runDirectory + ": " + e.getMessage(), e);
      }
      if (e instanceof LaunchException) {
        throw (LaunchException) e;
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * Stops the workload and the instances and returns the run's report; a stop during STARTING or BASELINE cancels
   * the start and returns empty once everything it launched is stopped.
   *
   * @throws RunStateException when no run is active
   */
  public Optional<RunReport> stop() {
    ActiveRun run;
    synchronized (lock) {
      if (phase == RunPhase.IDLE) {
        throw new RunStateException("not running", phase);
      }
      if (phase == RunPhase.STOPPING) {
        throw new RunStateException("a stop is already in progress", phase);
      }
      if (phase == RunPhase.STARTING || phase == RunPhase.BASELINE) {
        cancelRequested = true;
        lock.notifyAll();
        while (phase != RunPhase.IDLE && phase != RunPhase.RUNNING) {
          waitOnLock(Long.MAX_VALUE);
        }
        if (phase == RunPhase.IDLE) {
          return Optional.empty();
        }
      }
      run = active;
      phase = phase.moveTo(RunPhase.STOPPING);
    }
    progress(RunPhase.STOPPING, "stopping the workload and the instances");
    try {
      if (run.windowTask != null) {
        run.windowTask.cancel(false);
      }
      if (run.rateTask != null) {
        run.rateTask.cancel(false);
      }
      PhaseResult result = run.measured.finish();
      RunReport report = RunReports.build(run.spec, run.startedAt, result, run.baseline,
          run.measured.orchestratorUse());
      synchronized (lock) {
        lastReport = report;
      }
      return Optional.of(report);
    } finally {
      run.measured.close();
      run.deployment.stop();
      synchronized (lock) {
        active = null;
        phase = RunPhase.IDLE;
        lock.notifyAll();
      }
      progress(RunPhase.IDLE, "stopped");
    }
  }

  /** A live view of the active run, or empty when idle. */
  public Optional<LiveRun> live() {
    synchronized (lock) {
      if (active == null) {
        return Optional.empty();
      }
      return Optional.of(new LiveRun(phase, active.spec, active.startedAt, active.deployment, active.measured,
          active.baseline, active.rate));
    }
  }

  @Override
  public void close() {
    boolean running;
    synchronized (lock) {
      running = phase != RunPhase.IDLE;
    }
    if (running) {
      try {
        stop();
      } catch (RunStateException e) {
        // Already stopping or stopped by another caller.
      }
    }
    timer.shutdownNow();
    if (launcher instanceof AutoCloseable) {
      try {
        ((AutoCloseable) launcher).close();
      } catch (Exception e) {
        // The launcher stops its own deployments on close; nothing else to do on the way out.
      }
    }
  }

  private BaselineResult baseline(RunSpec spec, Path runDirectory) throws LaunchException {
    if (!spec.wantsBaseline() || spec.workload().isEmpty()) {
      return null;
    }
    WorkloadSpec workload = spec.workload().get();
    String key = BaselineCache.keyOf(spec.command(), spec.healthPath(), workload);
    if (spec.baselineMode() == BaselineMode.CACHED) {
      Optional<BaselineResult> cached = baselineCache.find(key);
      if (cached.isPresent()) {
        progress(RunPhase.STARTING, "using the baseline cached at " + cached.get().measuredAt());
        return cached.get();
      }
      progress(RunPhase.STARTING, "no cached baseline for this command and workload: measuring one");
    }
    progress(RunPhase.STARTING, "launching the baseline: 1 instance, 1 shard");
    Deployment single = launcher.launch(deploymentSpec(spec, 1, 1, runDirectory.resolve("baseline")));
    MeasuredPhase measured = null;
    try {
      synchronized (lock) {
        if (cancelRequested) {
          throw new RunCancelledException("start cancelled by a stop during the baseline");
        }
        phase = phase.moveTo(RunPhase.BASELINE);
      }
      measured = MeasuredPhase.begin(single, spec.workload(), samplerSettings, null, spec.warmup().isZero());
      progress(RunPhase.BASELINE, "baseline warm-up " + spec.warmup().toMillis() + " ms");
      if (!spec.warmup().isZero()) {
        sleepUnlessCancelled(spec.warmup());
        measured.openWindow();
      }
      progress(RunPhase.BASELINE, "measuring the baseline for " + spec.baselineDuration().toMillis() + " ms");
      sleepUnlessCancelled(spec.baselineDuration());
      PhaseResult result = measured.finish();
      BaselineResult baseline = new BaselineResult("measured", Instant.now(), result);
      try {
        baselineCache.store(key, baseline);
      } catch (IOException e) {
        progress(RunPhase.BASELINE, "could not store the baseline for reuse: " + e.getMessage());
      }
      progress(RunPhase.BASELINE, String.format(java.util.Locale.ROOT, "baseline: %.1f req/s",
          result.throughputPerSec() == null ? 0.0 : result.throughputPerSec()));
      return baseline;
    } finally {
      if (measured != null) {
        measured.close();
      }
      single.stop();
      synchronized (lock) {
        if (phase == RunPhase.BASELINE) {
          phase = phase.moveTo(RunPhase.STARTING);
        }
      }
    }
  }

  private void scheduleWindow(ActiveRun run, Duration warmup) {
    Runnable open = () -> {
      synchronized (lock) {
        if (active != run || phase != RunPhase.RUNNING) {
          return;
        }
        run.measured.openWindow();
      }
      progress(RunPhase.RUNNING, "window open: measuring");
    };
    if (!warmup.isZero()) {
      run.windowTask = timer.schedule(open, warmup.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private DeploymentSpec deploymentSpec(RunSpec spec, int instances, int shards, Path directory) {
    return new DeploymentSpec(spec.command(), instances, shards, spec.healthPath(), spec.readyTimeout(), directory,
        Map.of());
  }


  private void checkNotCancelled() {
    synchronized (lock) {
      if (cancelRequested) {
        throw new RunCancelledException("start cancelled by a stop");
      }
    }
  }

  private void sleepUnlessCancelled(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    synchronized (lock) {
      while (!cancelRequested) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        waitOnLock(left);
      }
      throw new RunCancelledException("start cancelled by a stop");
    }
  }

  // Caller holds lock.
  private void waitOnLock(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(lock, Math.min(nanos, TimeUnit.SECONDS.toNanos(1)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunCancelledException("interrupted while waiting");
    }
  }

  private void progress(RunPhase at, String message) {
    RunListener current;
    synchronized (lock) {
      current = listener;
    }
    current.onProgress(at, message);
  }

  /** The state of the active run. */
  private static final class ActiveRun {
    final RunSpec spec;
    final Instant startedAt;
    final Deployment deployment;
    final MeasuredPhase measured;
    final BaselineResult baseline;
    final RateMeter rate = new RateMeter();
    volatile ScheduledFuture<?> windowTask;
    volatile ScheduledFuture<?> rateTask;

    ActiveRun(RunSpec spec, Instant startedAt, Deployment deployment, MeasuredPhase measured,
        BaselineResult baseline) {
      this.spec = spec;
      this.startedAt = startedAt;
      this.deployment = deployment;
      this.measured = measured;
      this.baseline = baseline;
    }
  }
}
