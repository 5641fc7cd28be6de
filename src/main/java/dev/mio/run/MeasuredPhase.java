package dev.mio.run;

import dev.mio.config.WorkloadSpec;
import dev.mio.launch.Deployment;
import dev.mio.launch.Instance;
import dev.mio.load.LoadDriver;
import dev.mio.metrics.RecorderSnapshot;
import dev.mio.metrics.RunRecorder;
import dev.mio.proxy.FrontDoor;
import dev.mio.proxy.FrontDoorOptions;
import dev.mio.report.PhaseResult;
import dev.mio.route.ShardRouter;
import dev.mio.sample.ResourceSampler;
import dev.mio.sample.ResourceStats;
import dev.mio.sample.SamplerSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One phase being measured: a launched deployment with its router, recorder, sampler, optional load driver and
 * optional front door. The deployment itself belongs to the caller, which stops it after {@link #finish()}.
 */
final class MeasuredPhase implements AutoCloseable {
  private final Deployment deployment;
  private final RunRecorder recorder;
  private final ResourceSampler sampler;
  private final LoadDriver driver;
  private final FrontDoor frontDoor;
  private final long startedNanos = System.nanoTime();
  private PhaseResult result;
  private ResourceStats orchestratorUse;

  private MeasuredPhase(Deployment deployment, RunRecorder recorder, ResourceSampler sampler, LoadDriver driver,
      FrontDoor frontDoor) {
    this.deployment = deployment;
    this.recorder = recorder;
    this.sampler = sampler;
    this.driver = driver;
    this.frontDoor = frontDoor;
  }

  /**
   * Starts sampling the deployment, then the front door (when asked) and the workload (when given).
   *
   * @param frontDoorOptions options of the front door, or null for none
   * @param windowFromStart open the window before the first request (no warm-up), so that every response counts
   */
  static MeasuredPhase begin(Deployment deployment, Optional<WorkloadSpec> workload, SamplerSettings samplerSettings,
      FrontDoorOptions frontDoorOptions, boolean windowFromStart) {
    int shards = deployment.spec().shards();
    List<Instance> instances = deployment.instances();
    RunRecorder recorder = new RunRecorder(instances.size(), shards);
    ShardRouter router = ShardRouter.forInstances(shards, instances);
    ResourceSampler sampler = ResourceSampler.create(samplerSettings);
    FrontDoor frontDoor = null;
    LoadDriver driver = null;
    try {
      for (Instance instance : instances) {
        sampler.track(instance.id(), instance::pid);
      }
      sampler.start();
      if (windowFromStart) {
        sampler.startWindow();
        recorder.openWindow();
      }
      if (frontDoorOptions != null) {
        frontDoor = FrontDoor.start(null, router, recorder, frontDoorOptions);
      }
      if (workload.isPresent()) {
        driver = new LoadDriver(workload.get(), router, recorder);
        driver.start();
      }
      return new MeasuredPhase(deployment, recorder, sampler, driver, frontDoor);
    } catch (RuntimeException e) {
      closeQuietly(driver, frontDoor, sampler);
      throw e;
    }
  }

  /** Opens the measured window: the recorder's and the sampler's windows start now. */
  void openWindow() {
    sampler.startWindow();
    recorder.openWindow();
  }

  /** Whether the measured window has been opened. */
  boolean isWindowOpen() {
    return recorder.isWindowOpen();
  }

  /** The recorder of this phase (for live views). */
  RunRecorder recorder() {
    return recorder;
  }

  /** The sampler of this phase (for live views). */
  ResourceSampler sampler() {
    return sampler;
  }

  /** The front door's URL, if there is one. */
  Optional<String> frontDoorUrl() {
    return frontDoor == null ? Optional.empty() : Optional.of(frontDoor.url());
  }

  /** Nanoseconds since the phase began. */
  long uptimeNanos() {
    return System.nanoTime() - startedNanos;
  }

  /**
   * Stops the workload (in-flight requests are cancelled and accounted), closes the window (an empty one if
   * warm-up never ended), reads the sampler and returns the phase's result. Idempotent.
   */
  synchronized PhaseResult finish() {
    if (result != null) {
      return result;
    }
    // Stop the workload first: responses that arrive while in-flight requests are being cancelled still fall in
    // the window, so that every response of the phase is either in the window or was cancelled.
    if (driver != null) {
      driver.stop();
    }
    if (frontDoor != null) {
      frontDoor.close();
    }
    if (recorder.snapshot().windowState() == RecorderSnapshot.WindowState.NOT_OPENED) {
      openWindow();
    }
    recorder.closeWindow();
    Map<Integer, ResourceStats> perInstance = new HashMap<>();
    for (Instance instance : deployment.instances()) {
      sampler.windowStats(instance.id()).ifPresent(stats -> perInstance.put(instance.id(), stats));
    }
    Optional<ResourceStats> totals = sampler.windowTotals();
    orchestratorUse = sampler.selfWindowStats().orElse(null);
    RecorderSnapshot snapshot = recorder.snapshot();
    result = PhaseAssembler.assemble(deployment.spec().shards(), deployment.instances(), snapshot, perInstance,
        totals, sampler.source());
    return result;
  }

  /** mio's own CPU and memory over the window, known after {@link #finish()}; null when not sampled. */
  synchronized ResourceStats orchestratorUse() {
    return orchestratorUse;
  }

  @Override
  public void close() {
    closeQuietly(driver, frontDoor, sampler);
  }

  private static void closeQuietly(AutoCloseable... closeables) {
    for (AutoCloseable closeable : closeables) {
      if (closeable == null) {
        continue;
      }
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing is best effort on the way out; the phase's figures were already taken.
      }
    }
  }
}
