package dev.mio.launch.local;

import dev.mio.launch.Deployment;
import dev.mio.launch.DeploymentSpec;
import dev.mio.launch.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The instances of one local launch; {@link #stop()} ends every process of every instance tree. */
public final class LocalDeployment implements Deployment {
  private static final long POLL_MILLIS = 10;
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private final DeploymentSpec spec;
  private final List<LocalInstance> instances;
  private volatile List<Instance> view;
  private final Duration stopGrace;
  private final Consumer<LocalDeployment> onStopped;
  private boolean stopped;

  LocalDeployment(DeploymentSpec spec, List<LocalInstance> instances, Duration stopGrace,
      Consumer<LocalDeployment> onStopped) {
    this.spec = spec;
    this.instances = instances;
    this.stopGrace = stopGrace;
    this.onStopped = onStopped;
  }

  @Override
  public DeploymentSpec spec() {
    return spec;
  }

  @Override
  public List<Instance> instances() {
    // built once the launch has added every instance; routers call this often
    List<Instance> v = view;
    if (v == null || v.size() != instances.size()) {
      v = List.copyOf(instances);
      view = v;
    }
    return v;
  }

  /** The instances with their local-process details (root process identity, last exit code). */
  public List<LocalInstance> localInstances() {
    return List.copyOf(instances);
  }

  /**
   * SIGTERM to every instance's process group (and to descendants that left it), waits up to the grace
   * period, then SIGKILL; returns once no process of the deployment is alive.
   *
   * @throws IllegalStateException when a process survived SIGKILL for 10 s (e.g. stuck in the kernel)
   */
  @Override
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    Set<Long> groups = new LinkedHashSet<>();
    Set<ProcessId> processes = new LinkedHashSet<>();
    for (LocalInstance instance : instances) {
      StopTarget target = instance.beginStop();
      groups.addAll(target.groups());
      processes.addAll(target.processes());
    }
    ProcessGroups.signal("TERM", groups);
    signalEscaped(processes, groups, false);
    if (!waitUntilGone(groups, processes, stopGrace)) {
      ProcessGroups.signal("KILL", groups);
      signalEscaped(processes, groups, true);
      if (!waitUntilGone(groups, processes, KILL_WAIT)) {
        throw new IllegalStateException("processes of the deployment survived SIGKILL: groups " + groups
            + ", processes " + processes);
      }
    }
    for (LocalInstance instance : instances) {
      instance.finishStop();
    }
    stopped = true;
    onStopped.accept(this);
  }

  /** Signals, by pid, descendants that moved out of the instance groups (they called setsid or setpgid). */
  private static void signalEscaped(Set<ProcessId> processes, Set<Long> groups, boolean kill) {
    for (ProcessId p : processes) {
      ProcStat.read(p.pid()).ifPresent(s -> {
        if (s.startTicks() == p.startTicks() && s.isLive() && !groups.contains(s.pgrp())) {
          ProcessHandle.of(p.pid()).ifPresent(h -> {
            if (kill) {
              h.destroyForcibly();
            } else {
              h.destroy();
            }
          });
        }
      });
    }
  }

  private static boolean waitUntilGone(Set<Long> groups, Set<ProcessId> processes, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    List<ProcessId> tracked = new ArrayList<>(processes);
    while (ProcessGroups.anyLive(groups, tracked)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
