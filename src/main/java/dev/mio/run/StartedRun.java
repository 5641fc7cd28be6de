package dev.mio.run;

import dev.mio.report.BaselineResult;
import java.util.List;

/**
 * What a successful start returns: the deployment is ready and the workload runs.
 *
 * @param pids root pid of each instance, by instance id
 * @param ports port of each instance, by instance id
 * @param routerUrl URL of the front door
 * @param baseline the baseline the run will be compared with, or null when none
 */
public record StartedRun(int instances, int shards, List<Long> pids, List<Integer> ports, String routerUrl,
    BaselineResult baseline) {

  public StartedRun {
    pids = List.copyOf(pids);
    ports = List.copyOf(ports);
  }
}
