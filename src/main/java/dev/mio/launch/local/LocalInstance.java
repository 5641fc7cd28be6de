package dev.mio.launch.local;

import dev.mio.launch.DeploymentSpec;
import dev.mio.launch.Instance;
import dev.mio.supervise.CrashHistory;
import dev.mio.supervise.HealthProbe;
import dev.mio.supervise.InstanceState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One instance as a local OS process tree under supervision: started through {@code setpriv --pdeathsig KILL
 * setsid} so its root is the leader of its own session and process group, probed until healthy, restarted
 * with back-off on the same port when it exits unexpectedly.
 */
public final class LocalInstance implements Instance {
  // Probes start 1 ms after the spawn and double up to 25 ms: a fast service is seen ready within a few ms of
  // listening, and a refused connect costs microseconds, so the early probes are cheap.
  private static final long FIRST_PROBE_DELAY_MILLIS = 1;
  private static final long PROBE_INTERVAL_MILLIS = 25;
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
  private static final int PORT_ATTEMPTS = 3;
  private static final int LOG_LINES = 10;

  private final int id;
  private final int shardId;
  private final DeploymentSpec spec;
  private final Path logFile;
  private final LauncherRuntime rt;
  private final CrashHistory crashes;
  private final CompletableFuture<Void> firstReady = new CompletableFuture<>();

  // guarded by this; volatile so that readers (routers, samplers, tests) need no lock
  private volatile int port;
  private volatile InstanceState state = InstanceState.STARTING;
  private volatile Process process;
  private volatile ProcessId root;
  private volatile int restarts;
  private volatile Integer lastExitCode;
  private HealthProbe probe;
  private long probeDelayMillis = FIRST_PROBE_DELAY_MILLIS;
  private long startedNanos;
  private long readyDeadlineNanos;
  private int portAttempts = 1;
  private ScheduledFuture<?> pending;

  LocalInstance(int id, DeploymentSpec spec, int port, LauncherRuntime rt) {
    this.id = id;
    this.shardId = spec.shardOf(id);
    this.spec = spec;
    this.port = port;
    this.rt = rt;
    this.logFile = spec.runDirectory().resolve("instance-" + id + ".log");
    this.crashes = new CrashHistory(rt.policy);
  }

  @Override
  public int id() {
    return id;
  }

  @Override
  public int shardId() {
    return shardId;
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  /** The root process with its start time (it is also the process group id), empty while none runs. */
  public Optional<ProcessId> rootProcess() {
    return Optional.ofNullable(root);
  }

  @Override
  public InstanceState state() {
    return state;
  }

  @Override
  public int restarts() {
    return restarts;
  }

  @Override
  public Path logFile() {
    return logFile;
  }

  /** Exit code of the last process of this instance that ended (128 + signal when killed), if any ended. */
  public Optional<Integer> lastExitCode() {
    return Optional.ofNullable(lastExitCode);
  }

  /** Completes when the first process answers 2xx; fails with the operator's message when it cannot. */
  CompletableFuture<Void> firstReady() {
    return firstReady;
  }

  /** Starts the first process; readiness must come before {@code deadlineNanos}. */
  synchronized void startFirst(long deadlineNanos) throws IOException {
    spawn(deadlineNanos);
  }

  private void spawn(long deadlineNanos) throws IOException {
    ProcessBuilder pb = InstanceCommand.builder(spec, id, port, logFile);
    Process p = rt.spawner.start(pb);
    // the pid is read at once: its start time guards every later signal against pid reuse
    Optional<ProcessId> rootId = ProcessId.of(p.pid());
    rootId.ifPresent(rt.groups::add);
    process = p;
    root = rootId.orElse(null);
    startedNanos = System.nanoTime();
    readyDeadlineNanos = deadlineNanos;
    probe = new HealthProbe(host(), port, spec.healthPath(), PROBE_TIMEOUT);
    probeDelayMillis = FIRST_PROBE_DELAY_MILLIS;
    p.onExit().thenAcceptAsync(this::onExit, rt.scheduler);
    scheduleProbe(p, probe);
  }

  private void scheduleProbe(Process p, HealthProbe hp) {
    // the timer only hands the probe to the probe pool: a probe may block up to its time-out
    long delay = probeDelayMillis;
    probeDelayMillis = Math.min(PROBE_INTERVAL_MILLIS, delay * 2);
    schedule(() -> rt.probes.execute(() -> probe(p, hp)), delay);
  }

  private void schedule(Runnable task, long delayMillis) {
    pending = rt.scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
  }

  /** One readiness probe of process {@code p}; runs on the probe pool and reschedules itself. */
  private void probe(Process p, HealthProbe hp) {
    if (process != p || state != InstanceState.STARTING) {
      return;
    }
    boolean healthy = hp.isHealthy(); // outside the lock: it may take up to the probe time-out
    synchronized (this) {
      if (process != p || state != InstanceState.STARTING) {
        return;
      }
      if (healthy) {
        state = state.moveTo(InstanceState.READY);
        firstReady.complete(null);
      } else if (System.nanoTime() - readyDeadlineNanos > 0) {
        if (!firstReady.isDone()) {
          firstReady.completeExceptionally(new NotReadyException(describe(
              "(pid " + p.pid() + ") did not answer 2xx at " + hp.url() + " within "
                  + spec.readyTimeout().toMillis() + " ms")));
        } else {
          // a restart that never gets healthy counts as a crash: kill it and let onExit decide
          killGroup();
        }
      } else {
        scheduleProbe(p, hp);
      }
    }
  }

  private synchronized void onExit(Process p) {
    if (p != process) {
      return;
    }
    int code = p.exitValue();
    lastExitCode = code;
    process = null;
    if (state == InstanceState.STOPPING || state == InstanceState.STOPPED || state == InstanceState.FAILED) {
      return; // stopping on purpose: the deployment's stop empties the group
    }
    killGroup(); // children the root left behind would hold the port and escape accounting
    if (!firstReady.isDone()) {
      if (portAttempts < PORT_ATTEMPTS && !PortAllocator.isFree(port)) {
        // someone else took the port between our check and the instance's bind: try another one
        portAttempts++;
        port = rt.ports.allocate();
        try {
          spawn(readyDeadlineNanos);
          return;
        } catch (IOException e) {
          // fall through to the failure below
        }
      }
      firstReady.completeExceptionally(new NotReadyException(describe(
          "exited with code " + code + " before it answered 2xx at " + probe.url())));
      return;
    }
    onCrash();
  }

  private void onCrash() {
    Optional<Duration> backoff = crashes.onCrash(startedNanos, System.nanoTime());
    if (backoff.isEmpty()) {
      state = state.moveTo(InstanceState.FAILED);
      return;
    }
    state = state.moveTo(InstanceState.RESTARTING);
    schedule(this::restart, backoff.get().toMillis());
  }

  private synchronized void restart() {
    if (state != InstanceState.RESTARTING) {
      return;
    }
    try {
      spawn(System.nanoTime() + spec.readyTimeout().toNanos());
      restarts++;
      state = state.moveTo(InstanceState.STARTING);
    } catch (IOException e) {
      onCrash();
    }
  }

  /** SIGKILLs what is left of the current process group and deregisters it. */
  private void killGroup() {
    ProcessId r = root;
    if (r == null) {
      return;
    }
    ProcessGroups.signal("KILL", List.of(r.pid()));
    Process p = process;
    if (p != null) {
      p.destroyForcibly(); // in case the root had not yet become a group leader
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (ProcessGroups.anyLive(List.of(r.pid()), List.of(r)) && System.nanoTime() - deadline < 0) {
      sleepMillis(5);
    }
    if (process == null) {
      rt.groups.remove(r);
      root = null;
    }
  }

  /**
   * Marks the instance STOPPING so that no exit restarts it, and returns every process to signal: the root,
   * its descendants now, and the group id.
   */
  synchronized StopTarget beginStop() {
    if (state == InstanceState.STOPPING || state == InstanceState.STOPPED) {
      return StopTarget.NONE;
    }
    state = state.moveTo(InstanceState.STOPPING);
    if (pending != null) {
      pending.cancel(false);
    }
    firstReady.cancel(false);
    List<ProcessId> tree = new ArrayList<>();
    Process p = process;
    if (p != null) {
      tree.addAll(p.descendants().map(h -> ProcessId.of(h.pid())).flatMap(Optional::stream)
          .collect(Collectors.toList()));
      p.destroy(); // SIGTERM by pid as well, in case setsid has not run yet and the group does not exist
    }
    ProcessId r = root;
    if (r != null) {
      tree.add(r);
    }
    return new StopTarget(r == null ? List.of() : List.of(r.pid()), tree);
  }

  /** Marks the instance STOPPED once none of its processes is alive. */
  synchronized void finishStop() {
    if (state != InstanceState.STOPPING) {
      return;
    }
    ProcessId r = root;
    if (r != null) {
      rt.groups.remove(r);
    }
    Process p = process;
    if (p != null) {
      try {
        // the root is dead already; this only waits for the JVM's reaper to collect its exit status
        if (p.waitFor(1, TimeUnit.SECONDS)) {
          lastExitCode = p.exitValue();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    root = null;
    process = null;
    state = state.moveTo(InstanceState.STOPPED);
  }

  private String describe(String what) {
    List<String> tail = LogTail.lastLines(logFile, LOG_LINES);
    return "instance " + id + " (shard " + shardId + ", port " + port + ") " + what + "; "
        + (tail.isEmpty() ? "its log " + logFile + " is empty"
            : "last lines of " + logFile + ":\n  " + String.join("\n  ", tail));
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
