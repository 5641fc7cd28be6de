package dev.mio.report;

import dev.mio.metrics.Accounting;
import dev.mio.metrics.LatencySummary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mio.config.Durations;
import dev.mio.config.WorkloadSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link RunReport} as the spec's {@code stats} object: exactly the spec's fields with the spec's types,
 * plus {@code details} with every figure as a plain number.
 */
public final class ReportJson {
  /** Bytes in the "MB" of {@code memoryUsage} (a mebibyte, as most process tools print it). */
  public static final long BYTES_PER_MB = 1024L * 1024L;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReportJson() {}

  /** The shared mapper used for mio's JSON. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The spec's {@code stats} object for a report. */
  public static ObjectNode stats(RunReport report) {
    PhaseResult phase = report.deployment();
    Comparison comparison = report.comparison();
    Map<String, String> reasons = new TreeMap<>(comparison.nullReasons());
    ObjectNode stats = MAPPER.createObjectNode();
    stats.put("instances", phase.instances());
    stats.put("shards", phase.shards());
    stats.put("durationMs", phase.windowMillis());
    putNullable(stats, "speedupRatio", round(comparison.speedupRatio(), 3));
    Double utilization = cpuUtilizationPercent(report);
    if (utilization == null) {
      stats.putNull("cpuUtilization");
      reasons.putIfAbsent("cpuUtilization", "no CPU samples of the instances in the window");
    } else {
      stats.put("cpuUtilization", Math.round(utilization) + "%");
    }
    if (phase.totalResources() == null) {
      stats.putNull("memoryUsage");
      reasons.putIfAbsent("memoryUsage", "no memory samples of the instances in the window");
    } else {
      stats.put("memoryUsage", Math.round((double) phase.totalResources().avgRssBytes() / BYTES_PER_MB) + "MB");
    }
    if (phase.throughputPerSec() == null) {
      stats.putNull("throughput");
      reasons.putIfAbsent("throughput", "the measured window had no length (stopped before warm-up ended)");
    } else {
      stats.put("throughput", Math.round(phase.throughputPerSec()) + " req/sec");
    }
    LatencySummary latency = phase.latency() == null || phase.latency().count() == 0 ? null : phase.latency();
    if (latency == null) {
      reasons.putIfAbsent("latency", "no response was received in the window");
    }
    putNullable(stats, "latencyP50", latency == null ? null : round(latency.p50Ms(), 3));
    putNullable(stats, "latencyP95", latency == null ? null : round(latency.p95Ms(), 3));
    putNullable(stats, "latencyP99", latency == null ? null : round(latency.p99Ms(), 3));
    putNullable(stats, "efficiencyScore", round(comparison.efficiencyScore(), 3));
    ObjectNode distribution = stats.putObject("requestDistribution");
    for (ShardResult shard : phase.shardResults()) {
      distribution.put(Integer.toString(shard.id()), shard.responses());
    }
    stats.put("totalRequests", phase.totalRequests());
    stats.set("details", details(report, utilization, reasons));
    return stats;
  }

  /** Instances' CPU in the window as a share of the whole machine, in %, or null when not sampled. */
  public static Double cpuUtilizationPercent(RunReport report) {
    Double cores = report.deployment().cpuCoresUsed();
    return cores == null ? null : cores / report.onlineCores() * 100.0;
  }

  private static ObjectNode details(RunReport report, Double utilization, Map<String, String> reasons) {
    PhaseResult phase = report.deployment();
    Comparison comparison = report.comparison();
    ObjectNode details = MAPPER.createObjectNode();
    putNullable(details, "throughputPerSec", round(phase.throughputPerSec(), 3));
    details.put("okResponses", phase.okResponses());
    details.put("windowMs", phase.windowMillis());
    putNullable(details, "cpuCoresUsed", round(phase.cpuCoresUsed(), 4));
    putNullable(details, "cpuUtilizationPercent", round(utilization, 2));
    details.put("onlineCores", report.onlineCores());
    putNullable(details, "speedupRatio", round(comparison.speedupRatio(), 4));
    putNullable(details, "efficiencyScore", round(comparison.efficiencyScore(), 4));
    putNullable(details, "efficiencyRaw", round(comparison.efficiencyRaw(), 4));
    putNullable(details, "parallelEfficiency", round(comparison.parallelEfficiency(), 4));
    putNullable(details, "distributionSkew", round(comparison.distributionSkew(), 4));
    details.set("instancesTotal", resources(phase.totalResources()));
    details.set("latencyMs", latency(phase.latency()));
    details.set("accounting", accounting(phase.accounting()));
    ArrayNode instances = details.putArray("perInstance");
    for (InstanceResult instance : phase.instanceResults()) {
      instances.add(instance(instance));
    }
    ArrayNode shards = details.putArray("perShard");
    for (ShardResult shard : phase.shardResults()) {
      ObjectNode node = shards.addObject();
      node.put("shard", shard.id());
      node.put("responses", shard.responses());
      node.put("okResponses", shard.okResponses());
      putNullable(node, "throughputPerSec", round(shard.throughputPerSec(), 3));
      node.set("latencyMs", latency(shard.latency()));
    }
    details.set("baseline", baseline(report.baseline()));
    ObjectNode orchestrator = resources(report.orchestrator());
    if (report.orchestrator() != null && phase.windowNanos() > 0) {
      orchestrator.put("cpuCoresUsed", round(report.orchestrator().cpuSeconds() / (phase.windowNanos() / 1e9), 4));
    }
    details.set("orchestrator", orchestrator);
    details.set("workload", workload(report.workload()));
    ArrayNode command = details.putArray("command");
    report.command().forEach(command::add);
    details.put("resourceSource", phase.resourceSource());
    details.put("startedAt", report.startedAt().toString());
    ObjectNode nulls = details.putObject("nullReasons");
    reasons.forEach(nulls::put);
    return details;
  }

  private static ObjectNode instance(InstanceResult instance) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("instance", instance.id());
    node.put("shard", instance.shard());
    node.put("pid", instance.pid());
    node.put("state", instance.state());
    node.put("restarts", instance.restarts());
    node.put("responses", instance.responses());
    node.put("okResponses", instance.okResponses());
    putNullable(node, "throughputPerSec", round(instance.throughputPerSec(), 3));
    node.set("latencyMs", latency(instance.latency()));
    node.set("resources", resources(instance.resources()));
    return node;
  }

  /** JSON of a baseline: where it came from, when, and its measured figures (null stays null). */
  public static ObjectNode baseline(BaselineResult baseline) {
    if (baseline == null) {
      return null;
    }
    PhaseResult phase = baseline.phase();
    ObjectNode node = MAPPER.createObjectNode();
    node.put("source", baseline.source());
    node.put("measuredAt", baseline.measuredAt().toString());
    node.put("instances", phase.instances());
    node.put("windowMs", phase.windowMillis());
    node.put("totalRequests", phase.totalRequests());
    putNullable(node, "throughputPerSec", round(phase.throughputPerSec(), 3));
    putNullable(node, "cpuCoresUsed", round(phase.cpuCoresUsed(), 4));
    node.set("latencyMs", latency(phase.latency()));
    node.set("instancesTotal", resources(phase.totalResources()));
    node.set("accounting", accounting(phase.accounting()));
    return node;
  }

  /** JSON of a workload (null stays null). */
  public static ObjectNode workload(WorkloadSpec workload) {
    if (workload == null) {
      return null;
    }
    ObjectNode node = MAPPER.createObjectNode();
    node.put("model", workload.model().name().toLowerCase(Locale.ROOT));
    node.put("connections", workload.connections());
    if (workload.ratePerSecond() > 0) {
      node.put("rate", workload.ratePerSecond());
    }
    node.put("path", workload.pathTemplate());
    node.put("keyDistribution", workload.keyDistribution().name().toLowerCase(Locale.ROOT));
    node.put("keys", workload.keyCount());
    node.put("zipfExponent", workload.zipfExponent());
    node.put("timeout", Durations.format(workload.timeout()));
    return node;
  }

  /** JSON of latency percentiles in ms (null stays null). */
  public static ObjectNode latency(LatencySummary latency) {
    if (latency == null || latency.count() == 0) {
      return null;
    }
    ObjectNode node = MAPPER.createObjectNode();
    node.put("count", latency.count());
    node.put("p50", round(latency.p50Ms(), 3));
    node.put("p90", round(latency.p90Ms(), 3));
    node.put("p95", round(latency.p95Ms(), 3));
    node.put("p99", round(latency.p99Ms(), 3));
    node.put("p999", round(latency.p999Ms(), 3));
    node.put("max", round(latency.maxMs(), 3));
    node.put("mean", round(latency.meanMs(), 3));
    return node;
  }

  private static ObjectNode resources(ResourceUse use) {
    if (use == null) {
      return null;
    }
    ObjectNode node = MAPPER.createObjectNode();
    node.put("cpuSeconds", round(use.cpuSeconds(), 4));
    node.put("avgCpuPercent", round(use.avgCpuPercent(), 2));
    node.put("peakCpuPercent", round(use.peakCpuPercent(), 2));
    node.put("avgRssBytes", use.avgRssBytes());
    node.put("peakRssBytes", use.peakRssBytes());
    node.put("samples", use.samples());
    return node;
  }

  private static ObjectNode accounting(Accounting accounting) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("sent", accounting.sent());
    node.put("ok", accounting.ok());
    node.put("http4xx", accounting.http4xx());
    node.put("http5xx", accounting.http5xx());
    node.put("connectErrors", accounting.connectError());
    node.put("timeouts", accounting.timeout());
    node.put("ioErrors", accounting.ioError());
    node.put("cancelled", accounting.cancelled());
    node.put("balanced", accounting.isBalanced());
    return node;
  }

  /** Puts a number, or a JSON null when it is null. */
  public static void putNullable(ObjectNode node, String field, Double value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  /** Rounds half up to {@code decimals} places; null, NaN and infinities become null. */
  public static Double round(Double value, int decimals) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      return null;
    }
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
  }
}
