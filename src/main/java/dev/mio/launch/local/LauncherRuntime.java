package dev.mio.launch.local;

import dev.mio.supervise.RestartPolicy;
import java.util.concurrent.ScheduledExecutorService;

/** What every instance of one launcher shares: the spawner thread, the group registry, timers and policy. */
final class LauncherRuntime {
  final Spawner spawner;
  final GroupRegistry groups;
  final ScheduledExecutorService scheduler;
  final RestartPolicy policy;
  final PortAllocator ports;

  LauncherRuntime(
      Spawner spawner, GroupRegistry groups, ScheduledExecutorService scheduler, RestartPolicy policy,
      PortAllocator ports) {
    this.spawner = spawner;
    this.groups = groups;
    this.scheduler = scheduler;
    this.policy = policy;
    this.ports = ports;
  }
}
