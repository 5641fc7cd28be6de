package dev.mio.launch.local;

import dev.mio.supervise.RestartPolicy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** What every instance of one launcher shares: the spawner thread, the group registry, timers and policy. */
final class LauncherRuntime {
  final Spawner spawner;
  final GroupRegistry groups;
  final ScheduledExecutorService scheduler;
  /** Runs the blocking health probes, one thread per probe in flight, so a hung instance delays no other. */
  final ExecutorService probes;
  final RestartPolicy policy;
  final PortAllocator ports;

  LauncherRuntime(
      Spawner spawner, GroupRegistry groups, ScheduledExecutorService scheduler, ExecutorService probes,
      RestartPolicy policy, PortAllocator ports) {
    this.spawner = spawner;
    this.groups = groups;
    this.scheduler = scheduler;
    this.probes = probes;
    this.policy = policy;
    this.ports = ports;
  }
}
