package dev.mio.api;

import dev.mio.metrics.LatencySummary;
import dev.mio.metrics.WindowFigures;
import dev.mio.run.LiveInstance;
import dev.mio.run.LiveStatus;
import dev.mio.run.RunPhase;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Renders the orchestrator's measured figures in the Prometheus text format through Micrometer.
 *
 * <p>Each scrape builds a fresh registry from one live status, so a series exists only while something measured
 * it: per-instance, per-shard and orchestrator series appear while a deployment runs and vanish when it stops
 * (never zeros standing in for "not measured"); a figure not sampled yet (e.g. CPU % before the first 100 ms
 * sample, latency before the window opens) is left out. {@code mio_run_phase} is always present.
 */
public final class PrometheusMetrics {
  /** The content type of the text exposition format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final double[] QUANTILES = {0.5, 0.95, 0.99};

  private final MeterRegistry registry;
  // FunctionCounter holds its object weakly: keep every value reachable until the scrape is rendered.
  private final List<Object> retained = new ArrayList<>();

  private PrometheusMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * The exposition text for the current phase and, while a deployment runs, its live status and per-shard window.
   *
   * @param status the live status, or null when no deployment runs
   * @param perShard the window figures per shard, or null when no deployment runs
   */
  public static String scrape(RunPhase phase, LiveStatus status, List<WindowFigures> perShard) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PrometheusMetrics metrics = new PrometheusMetrics(registry);
    try {
      for (RunPhase each : RunPhase.values()) {
        metrics.gauge( "mio.run.phase", "1 for the orchestrator's current lifecycle phase, else 0",
            Tags.of("phase", each.name()), () -> each == phase ? 1 : 0);
      }
      if (status != null) {
        metrics.live(status);
      }
      if (perShard != null) {
        metrics.shards(status, perShard);
      }
      String text = registry.scrape();
      metrics.retained.clear();
      return text;
    } finally {
      registry.close();
    }
  }

  private void live(LiveStatus status) {
    for (LiveInstance instance : status.instances()) {
      Tags tags = Tags.of("instance", Integer.toString(instance.id()), "shard", Integer.toString(instance.shard()));
      if (instance.cpuPercent() != null) {
        gauge("mio.instance.cpu.percent",
            "CPU of the instance's process tree in its latest sample, % of one core", tags, instance::cpuPercent);
      }
      if (instance.rssBytes() != null) {
        gauge("mio.instance.rss.bytes", "resident memory of the instance's process tree in its latest"
            + " sample", tags, instance::rssBytes);
      }
      counter("mio.instance.requests", "responses the instance sent in this run, any status", tags,
          instance.requests());
      counter("mio.instance.restarts", "restarts of the instance after unexpected exits", tags,
          instance.restarts());
    }
    counter("mio.requests", "responses received in this run, any status", Tags.empty(),
        status.totalRequests());
    optional("mio.throughput.last.second", "ok responses per second over about the last second",
        status.throughputLastSecond());
    optional("mio.throughput.window", "ok responses per second over the measured window so far",
        status.throughputWindow());
    optional("mio.speedup.so.far", "window throughput so far divided by the baseline's",
        status.speedupSoFar());
    optional("mio.orchestrator.cpu.percent", "mio's own CPU in its latest sample, % of one core",
        status.orchestratorCpuPercent());
    if (status.orchestratorRssBytes() != null) {
      gauge("mio.orchestrator.rss.bytes", "mio's own resident memory in its latest sample", Tags.empty(),
          status.orchestratorRssBytes()::doubleValue);
    }
    latency("mio.latency.window.ms", "latency of the window's responses so far, ms", Tags.empty(),
        status.latencyWindow());
  }

  private void shards(LiveStatus status, List<WindowFigures> perShard) {
    long[] requests = new long[perShard.size()];
    if (status != null) {
      for (LiveInstance instance : status.instances()) {
        if (instance.shard() < requests.length) {
          requests[instance.shard()] += instance.requests();
        }
      }
    }
    for (WindowFigures shard : perShard) {
      Tags tags = Tags.of("shard", Integer.toString(shard.id()));
      counter("mio.shard.requests", "responses of the shard's instances in this run, any status", tags,
          requests[shard.id()]);
      gauge("mio.shard.window.responses", "responses of the shard in the measured window so far", tags,
          () -> shard.responses());
      latency("mio.shard.latency.window.ms", "latency of the shard's window responses so far, ms", tags,
          shard.latency());
    }
  }

  private void latency(String name, String help, Tags tags, LatencySummary latency) {
    if (latency == null || latency.count() == 0) {
      return;
    }
    Double[] values = {latency.p50Ms(), latency.p95Ms(), latency.p99Ms()};
    for (int q = 0; q < QUANTILES.length; q++) {
      if (values[q] != null) {
        Double value = values[q];
        gauge(name, help, tags.and("quantile", Double.toString(QUANTILES[q])), () -> value);
      }
    }
  }

  private void optional(String name, String help, Double value) {
    if (value != null) {
      gauge(name, help, Tags.empty(), () -> value);
    }
  }

  private void gauge(String name, String help, Tags tags,
      Supplier<Number> value) {
    Gauge.builder(name, value).description(help).tags(tags).strongReference(true).register(registry);
  }

  private void counter(String name, String help, Tags tags, double value) {
    double[] cell = {value};
    retained.add(cell);
    FunctionCounter.builder(name, cell, c -> c[0]).description(help).tags(tags).register(registry);
  }
}
