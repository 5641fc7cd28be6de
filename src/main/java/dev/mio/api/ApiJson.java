package dev.mio.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mio.report.ReportJson;
import dev.mio.report.RunReport;
import dev.mio.run.LiveInstance;
import dev.mio.run.LiveStatus;
import dev.mio.run.RunPhase;
import dev.mio.run.StartedRun;
import java.util.Locale;

/** The JSON bodies of the control API: start, stop, status and errors. */
public final class ApiJson {
  private ApiJson() {}

  /** {@code {"error":…,"field":…}}; field is null when no single field is at fault. */
  public static ObjectNode error(String message, String field) {
    ObjectNode node = ReportJson.mapper().createObjectNode();
    node.put("error", message);
    if (field == null) {
      node.putNull("field");
    } else {
      node.put("field", field);
    }
    return node;
  }

  /** The answer to a successful start. */
  public static ObjectNode started(StartedRun run) {
    ObjectNode node = ReportJson.mapper().createObjectNode();
    node.put("started", true);
    node.put("instances", run.instances());
    node.put("shards", run.shards());
    ArrayNode pids = node.putArray("pids");
    run.pids().forEach(pids::add);
    ArrayNode ports = node.putArray("ports");
    run.ports().forEach(ports::add);
    node.put("routerUrl", run.routerUrl());
    node.set("baseline", ReportJson.baseline(run.baseline()));
    return node;
  }

  /** The answer to a stop: the report's spec {@code stats}, or a cancelled start's null stats. */
  public static ObjectNode stopped(RunReport report) {
    ObjectNode node = ReportJson.mapper().createObjectNode();
    node.put("stopped", true);
    if (report == null) {
      node.put("cancelled", true);
      node.putNull("stats");
    } else {
      node.set("stats", ReportJson.stats(report));
    }
    return node;
  }

  /** The status while no deployment runs: the phase (IDLE, or STARTING/BASELINE/STOPPING) and the last run. */
  public static ObjectNode idle(RunPhase phase, RunReport last) {
    ObjectNode node = ReportJson.mapper().createObjectNode();
    node.put("running", false);
    node.put("phase", phase.name());
    if (last == null) {
      node.putNull("lastRun");
    } else {
      ObjectNode summary = ReportJson.stats(last);
      summary.remove("details");
      summary.put("startedAt", last.startedAt().toString());
      node.set("lastRun", summary);
    }
    return node;
  }

  /** The live view of a running deployment. */
  public static ObjectNode live(LiveStatus status) {
    ObjectNode node = ReportJson.mapper().createObjectNode();
    node.put("running", true);
    node.put("phase", status.phase().name());
    node.put("uptimeMs", status.uptimeMs());
    node.put("windowState", status.windowState());
    node.put("windowMs", status.windowMs());
    node.put("shards", status.shards());
    ArrayNode instances = node.putArray("instances");
    for (LiveInstance instance : status.instances()) {
      ObjectNode item = instances.addObject();
      item.put("id", instance.id());
      item.put("shard", instance.shard());
      item.put("pid", instance.pid());
      item.put("port", instance.port());
      item.put("state", instance.state().toLowerCase(Locale.ROOT));
      ReportJson.putNullable(item, "cpuPercent", ReportJson.round(instance.cpuPercent(), 2));
      if (instance.rssBytes() == null) {
        item.putNull("rssBytes");
      } else {
        item.put("rssBytes", instance.rssBytes());
      }
      item.put("requests", instance.requests());
      item.put("restarts", instance.restarts());
    }
    node.put("totalRequests", status.totalRequests());
    ReportJson.putNullable(node, "throughputLastSecond", ReportJson.round(status.throughputLastSecond(), 1));
    ReportJson.putNullable(node, "throughputSoFar", ReportJson.round(status.throughputWindow(), 1));
    JsonNode latency = ReportJson.latency(status.latencyWindow());
    node.set("latencySoFar", latency);
    ReportJson.putNullable(node, "speedupSoFar", ReportJson.round(status.speedupSoFar(), 3));
    ReportJson.putNullable(node, "baselineThroughput", ReportJson.round(status.baselineThroughput(), 1));
    node.put("routerUrl", status.routerUrl());
    ObjectNode self = node.putObject("orchestrator");
    ReportJson.putNullable(self, "cpuPercent", ReportJson.round(status.orchestratorCpuPercent(), 2));
    if (status.orchestratorRssBytes() == null) {
      self.putNull("rssBytes");
    } else {
      self.put("rssBytes", status.orchestratorRssBytes());
    }
    return node;
  }


}
