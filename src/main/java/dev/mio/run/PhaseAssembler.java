package dev.mio.run;

import dev.mio.launch.Instance;
import dev.mio.metrics.LatencySummary;
import dev.mio.metrics.RecorderSnapshot;
import dev.mio.metrics.WindowFigures;
import dev.mio.report.InstanceResult;
import dev.mio.report.PhaseResult;
import dev.mio.report.ResourceUse;
import dev.mio.report.ShardResult;
import dev.mio.sample.ResourceStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds a phase's immutable {@link PhaseResult} from what the recorder and the sampler measured. */
final class PhaseAssembler {
  private PhaseAssembler() {}

  /**
   * The result of a phase.
   *
   * @param snapshot the recorder's snapshot taken after the window closed and the driver stopped
   * @param instanceResources each instance's window CPU and memory, by instance id (absent when not sampled)
   * @param totals the instances summed per sample tick, or empty when nothing was sampled
   */
  static PhaseResult assemble(
      int shards,
      List<Instance> instances,
      RecorderSnapshot snapshot,
      Map<Integer, ResourceStats> instanceResources,
      Optional<ResourceStats> totals,
      String resourceSource) {
    List<InstanceResult> perInstance = new ArrayList<>();
    for (Instance instance : instances) {
      WindowFigures figures = snapshot.perInstance().get(instance.id());
      perInstance.add(new InstanceResult(instance.id(), instance.shardId(), instance.pid(), instance.restarts(),
          instance.state().name(), figures.responses(), figures.ok(), figures.throughputPerSecond(),
          latencyOrNull(figures.latency()), resourceUse(instanceResources.get(instance.id()))));
    }
    List<ShardResult> perShard = new ArrayList<>();
    for (WindowFigures figures : snapshot.perShard()) {
      perShard.add(new ShardResult(figures.id(), figures.responses(), figures.ok(), figures.throughputPerSecond(),
          latencyOrNull(figures.latency())));
    }
    WindowFigures total = snapshot.total();
    ResourceUse totalUse = totals.map(PhaseAssembler::resourceUse).orElse(null);
    Double cpuCoresUsed = totals.map(ResourceStats::cpuCoresUsed).orElse(null);
    return new PhaseResult(instances.size(), shards, snapshot.windowNanos(), total.responses(), total.ok(),
        total.throughputPerSecond(), latencyOrNull(total.latency()), perInstance, perShard, snapshot.accounting(),
        totalUse, cpuCoresUsed, resourceSource);
  }

  /** CPU and memory of a window in the report's terms, or null when it was not sampled. */
  static ResourceUse resourceUse(ResourceStats stats) {
    if (stats == null) {
      return null;
    }
    return new ResourceUse(stats.cpuNanos() / 1e9, stats.avgCpuPercent(), stats.peakCpuPercent(),
        Math.round(stats.avgRssBytes()), stats.peakRssBytes(), stats.sampleCount());
  }

  private static LatencySummary latencyOrNull(LatencySummary latency) {
    return latency == null || latency.count() == 0 ? null : latency;
  }
}
