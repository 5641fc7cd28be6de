package dev.mio.launch.local;

import dev.mio.launch.DeploymentSpec;
import dev.mio.launch.InstanceLauncher;
import dev.mio.launch.LaunchException;
import dev.mio.supervise.RestartPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs instances as local OS processes on Linux, each in its own session and process group, supervised, and
 * never outliving the orchestrator.
 *
 * <p>Orphan protection has three layers: {@code setpriv --pdeathsig KILL} kills an instance's root when the
 * spawning thread (one long-lived thread per launcher) or the JVM dies; a watcher process kills every
 * registered process group when the JVM's pipe to it closes (even after SIGKILL of the JVM); and the
 * {@link StateFolder} records the groups so the next launcher kills what a crashed orchestrator left, checked
 * against pid reuse by start time. Limits: a process that puts itself into a new session or group
 * ({@code setsid}, {@code setpgid}, daemonizing) escapes the group kill; stop still signals such descendants
 * by pid if it saw them, the watcher and the state folder cannot. Requires {@code setpriv}, {@code setsid}
 * (util-linux), {@code /bin/sh}, {@code kill} and {@code /proc}.
 */
public final class LocalProcessLauncher implements InstanceLauncher, AutoCloseable {
  private static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);

  private final Duration stopGrace;
  private final Spawner spawner;
  private final OrphanWatcher watcher;
  private final GroupRegistry groups;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService probes;
  private final LauncherRuntime runtime;
  private final Set<LocalDeployment> live = ConcurrentHashMap.newKeySet();
  private final int cleanedUpGroups;
  private boolean closed;

  /**
   * A launcher that first kills what dead orchestrators recorded in {@code state}, then starts its watcher.
   *
   * @param stopGrace time between SIGTERM and SIGKILL when stopping
   * @throws UncheckedIOException when the watcher cannot be started or the state folder cannot be written
   */
  public LocalProcessLauncher(StateFolder state, RestartPolicy policy, Duration stopGrace) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(stopGrace, "stopGrace");
    if (stopGrace.isNegative()) {
      throw new IllegalArgumentException("stopGrace must be 0 or more, was " + stopGrace);
    }
    this.stopGrace = stopGrace;
    this.cleanedUpGroups = state.cleanUpDeadOrchestrators();
    this.spawner = new Spawner();
    try {
      this.watcher = OrphanWatcher.start(spawner);
    } catch (IOException e) {
      spawner.close();
      throw new UncheckedIOException("cannot start the orphan watcher (needs setsid and /bin/sh)", e);
    }
    this.groups = new GroupRegistry(watcher, state);
    AtomicInteger threads = new AtomicInteger();
    this.scheduler = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "mio-supervisor-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.probes = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "mio-probe-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.runtime = new LauncherRuntime(spawner, groups, scheduler, probes, policy, new PortAllocator());
  }

  /** A launcher with the default state folder, restart policy and a 5 s stop grace. */
  public static LocalProcessLauncher withDefaults() {
    return new LocalProcessLauncher(StateFolder.defaultLocation(), RestartPolicy.defaults(), DEFAULT_STOP_GRACE);
  }

  /** How many process groups of dead orchestrators this launcher killed when it was created. */
  public int cleanedUpGroups() {
    return cleanedUpGroups;
  }

  /** Pid of this launcher's orphan watcher process. */
  public long watcherPid() {
    return watcher.pid();
  }

  @Override
  public LocalDeployment launch(DeploymentSpec spec) throws LaunchException {
    Objects.requireNonNull(spec, "spec");
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("launcher is closed");
      }
    }
    try {
      Files.createDirectories(spec.runDirectory());
    } catch (IOException e) {
      throw new LaunchException("cannot create run directory " + spec.runDirectory() + ": " + e.getMessage(), e);
    }
    List<LocalInstance> instances = new ArrayList<>();
    LocalDeployment deployment = new LocalDeployment(spec, instances, stopGrace, live::remove);
    live.add(deployment);
    long deadlineNanos = System.nanoTime() + spec.readyTimeout().toNanos();
    try {
      CompletableFuture<Void> firstFailure = new CompletableFuture<>();
      List<CompletableFuture<Void>> ready = new ArrayList<>();
      for (int i = 0; i < spec.instances(); i++) {
        LocalInstance instance = new LocalInstance(i, spec, runtime.ports.allocate(), runtime);
        instances.add(instance);
        instance.startFirst(deadlineNanos);
        CompletableFuture<Void> f = instance.firstReady();
        f.whenComplete((v, e) -> {
          if (e != null) {
            firstFailure.completeExceptionally(e);
          }
        });
        ready.add(f);
      }
      CompletableFuture<Object> outcome =
          CompletableFuture.anyOf(CompletableFuture.allOf(ready.toArray(new CompletableFuture<?>[0])), firstFailure);
      // the probes enforce the deadline themselves; the extra second only guards against a lost wake-up
      outcome.get(spec.readyTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
      return deployment;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw failed(deployment, cause instanceof NotReadyException
          ? cause.getMessage() : "launch failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw failed(deployment, "instances were not ready within " + spec.readyTimeout().toMillis() + " ms", e);
    } catch (IOException e) {
      throw failed(deployment, "cannot start instance " + instances.size() + " (" + spec.commandTemplate().get(0)
          + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(deployment, "interrupted while launching", e);
    } catch (RuntimeException e) {
      throw failed(deployment, "launch failed: " + e, e);
    }
  }

  private static LaunchException failed(LocalDeployment deployment, String message, Throwable cause) {
    // nothing may keep running after a failed launch
    deployment.stop();
    return new LaunchException(message, cause);
  }

  /** Stops every deployment of this launcher, then closes the watcher and the spawner thread. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (LocalDeployment d : List.copyOf(live)) {
      d.stop();
    }
    scheduler.shutdownNow();
    probes.shutdownNow();
    groups.close();
    spawner.close();
  }
}
