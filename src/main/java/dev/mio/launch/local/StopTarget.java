package dev.mio.launch.local;

import java.util.List;

/**
 * What to signal to stop one instance.
 *
 * @param groups its process group ids (the root's pid)
 * @param processes the root and the descendants seen when the stop began, with start times
 */
record StopTarget(List<Long> groups, List<ProcessId> processes) {
  static final StopTarget NONE = new StopTarget(List.of(), List.of());

  StopTarget {
    groups = List.copyOf(groups);
    processes = List.copyOf(processes);
  }
}
