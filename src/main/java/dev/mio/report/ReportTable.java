package dev.mio.report;

import dev.mio.metrics.Accounting;
import dev.mio.metrics.LatencySummary;

import java.util.Locale;
import java.util.Map;

/** Renders a {@link RunReport} as a plain-text table for a terminal. */
public final class ReportTable {
  private ReportTable() {}

  /** The report as lines of text. */
  public static String render(RunReport report) {
    StringBuilder out = new StringBuilder();
    PhaseResult phase = report.deployment();
    Comparison comparison = report.comparison();
    out.append(String.format(Locale.ROOT, "mio run: %d instances in %d shards, window %.1f s, %d cores online%n",
        phase.instances(), phase.shards(), phase.windowNanos() / 1e9, report.onlineCores()));
    out.append("command: ").append(String.join(" ", report.command())).append('\n');
    out.append('\n');
    out.append(String.format(Locale.ROOT, "%-12s %12s %12s%n", "", "baseline", "deployment"));
    PhaseResult base = report.baseline() == null ? null : report.baseline().phase();
    row(out, "instances", base == null ? "-" : Integer.toString(base.instances()), Integer.toString(phase.instances()));
    row(out, "requests", base == null ? "-" : Long.toString(base.totalRequests()), Long.toString(phase.totalRequests()));
    row(out, "req/s", base == null ? "-" : num(base.throughputPerSec(), 1), num(phase.throughputPerSec(), 1));
    row(out, "p50 ms", base == null ? "-" : ms(base.latency(), 50), ms(phase.latency(), 50));
    row(out, "p95 ms", base == null ? "-" : ms(base.latency(), 95), ms(phase.latency(), 95));
    row(out, "p99 ms", base == null ? "-" : ms(base.latency(), 99), ms(phase.latency(), 99));
    row(out, "CPU cores", base == null ? "-" : num(base.cpuCoresUsed(), 2), num(phase.cpuCoresUsed(), 2));
    row(out, "RSS MB", base == null ? "-" : mb(base.totalResources()), mb(phase.totalResources()));
    out.append('\n');
    out.append("speedup ").append(num(comparison.speedupRatio(), 2))
        .append("   efficiency ").append(num(comparison.efficiencyScore(), 2))
        .append("   parallel efficiency ").append(num(comparison.parallelEfficiency(), 2))
        .append("   skew ").append(num(comparison.distributionSkew(), 3)).append('\n');
    Double utilization = ReportJson.cpuUtilizationPercent(report);
    out.append("instances' CPU ").append(num(utilization, 1)).append(" % of the machine");
    if (report.orchestrator() != null && phase.windowNanos() > 0) {
      out.append(String.format(Locale.ROOT, "; mio itself %.2f cores, %s MB",
          report.orchestrator().cpuSeconds() / (phase.windowNanos() / 1e9), mb(report.orchestrator())));
    }
    out.append('\n');
    if (report.baseline() != null) {
      out.append("baseline: ").append(report.baseline().source()).append(" at ")
          .append(report.baseline().measuredAt()).append('\n');
    }
    out.append('\n');
    out.append(String.format(Locale.ROOT, "%4s %5s %8s %8s %10s %9s %9s %8s %8s %8s%n",
        "inst", "shard", "pid", "restarts", "responses", "req/s", "p99 ms", "CPU %", "peak %", "RSS MB"));
    for (InstanceResult i : phase.instanceResults()) {
      ResourceUse use = i.resources();
      out.append(String.format(Locale.ROOT, "%4d %5d %8d %8d %10d %9s %9s %8s %8s %8s%n",
          i.id(), i.shard(), i.pid(), i.restarts(), i.responses(), num(i.throughputPerSec(), 1), ms(i.latency(), 99),
          use == null ? "-" : num(use.avgCpuPercent(), 1), use == null ? "-" : num(use.peakCpuPercent(), 1), mb(use)));
    }
    out.append('\n').append("requests per shard:");
    for (ShardResult shard : phase.shardResults()) {
      out.append("  ").append(shard.id()).append('=').append(shard.responses());
    }
    out.append('\n');
    Accounting a = phase.accounting();
    out.append(String.format(Locale.ROOT,
        "accounting: sent %d = ok %d + 4xx %d + 5xx %d + connect %d + timeout %d + io %d + cancelled %d%s%n",
        a.sent(), a.ok(), a.http4xx(), a.http5xx(), a.connectError(), a.timeout(), a.ioError(), a.cancelled(),
        a.isBalanced() ? "" : "  (UNBALANCED)"));
    for (Map.Entry<String, String> reason : comparison.nullReasons().entrySet()) {
      out.append("not measured: ").append(reason.getKey()).append(" — ").append(reason.getValue()).append('\n');
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String name, String base, String deployment) {
    out.append(String.format(Locale.ROOT, "%-12s %12s %12s%n", name, base, deployment));
  }

  private static String num(Double value, int decimals) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String ms(LatencySummary latency, int percentile) {
    if (latency == null || latency.count() == 0) {
      return "n/a";
    }
    Double value = percentile == 50 ? latency.p50Ms() : percentile == 95 ? latency.p95Ms() : latency.p99Ms();
    return num(value, 3);
  }

  private static String mb(ResourceUse use) {
    return use == null ? "n/a" : String.format(Locale.ROOT, "%.1f", use.avgRssBytes() / (double) ReportJson.BYTES_PER_MB);
  }
}
