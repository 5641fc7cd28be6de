package dev.mio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mio.api.AcceptanceChecks;
import dev.mio.api.ApiClient;
import dev.mio.api.ApiServer;
import dev.mio.api.FixedDeployment;
import dev.mio.report.ReportJson;
import dev.mio.run.Orchestrator;
import dev.mio.worker.BuiltInWorker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mio demo}: the spec's demo over real HTTP — start, live status, stop — against the built-in worker, then
 * every acceptance criterion checked against the measured values.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start the REST API in-process, drive start -> live status -> stop over HTTP against the built-in"
        + " worker, print the stats and check each acceptance criterion against the measured values.")
public final class DemoCommand implements Callable<Integer> {
  private static final String BASE = "/system/multi-instance";

  @Option(names = "--instances", defaultValue = "4", paramLabel = "N", description = "Instances (default: ${DEFAULT-VALUE}).")
  int instances;

  @Option(names = "--shards", defaultValue = "2", paramLabel = "S", description = "Shards (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(names = "--live", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DUR",
      description = "How long to print live status before stopping (default: ${DEFAULT-VALUE}).")
  Duration live;

  @Option(names = "--baseline-duration", defaultValue = "3s", converter = DurationConverter.class,
      paramLabel = "DUR", description = "Length of the baseline's window (default: ${DEFAULT-VALUE}).")
  Duration baselineDuration;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where run logs live (default: $MIO_HOME or ~/.mio).")
  Path stateDirectory;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (live.toMillis() < 2000 || live.toMillis() > 600_000) {
      System.err.println("mio demo: --live must be 2s..10m, was " + live.toMillis() + "ms");
      return 2;
    }
    Orchestrator orchestrator = Orchestrators.create(stateDirectory);
    Thread hook = new Thread(orchestrator::close, "mio-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    FixedDeployment deployment = new FixedDeployment(BuiltInWorker.commandTemplate(), "/health",
        Duration.ofSeconds(30));
    try (ApiServer server = ApiServer.start(orchestrator, deployment, "127.0.0.1", 0, null)) {
      String url = "http://127.0.0.1:" + server.port();
      out.println("mio demo: API server on " + url + " (built-in worker, " + instances + " instances, " + shards
          + " shards)");
      ApiClient client = new ApiClient(url, null, Duration.ofMinutes(5));
      String body = String.format(Locale.ROOT, "{\"instances\":%d,\"shards\":%d,\"baselineMs\":%d,\"warmupMs\":1000}",
          instances, shards, baselineDuration.toMillis());
      out.println();
      out.println("$ curl -X POST " + url + BASE + "/start -d '" + body + "'");
      out.println("  (measuring a 1-instance baseline for " + baselineDuration.toMillis() + " ms first)");
      ApiClient.Reply started = client.post(BASE + "/start", body);
      out.println("HTTP " + started.status() + " " + started.body());
      if (started.status() != 200) {
        System.err.println("mio demo: start failed");
        return 1;
      }
      out.println();
      out.println("$ curl " + url + BASE + "/status   (every second)");
      long end = System.nanoTime() + live.toNanos();
      while (System.nanoTime() < end) {
        Thread.sleep(1000);
        ApiClient.Reply status = client.get(BASE + "/status");
        out.println(statusLine(status.body()));
      }
      out.println();
      out.println("$ curl -X POST " + url + BASE + "/stop");
      ApiClient.Reply stopped = client.post(BASE + "/stop", "");
      out.println("HTTP " + stopped.status());
      out.println(ReportJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(stopped.body()));
      out.println();
      out.println("Acceptance criteria, judged on the measured values:");
      List<AcceptanceChecks.Check> checks = AcceptanceChecks.judge(stopped.body());
      boolean all = stopped.status() == 200;
      for (AcceptanceChecks.Check check : checks) {
        out.println((check.passed() ? "  ✓ " : "  ✗ ") + check.criterion());
        out.println("      " + check.measured());
        all &= check.passed();
      }
      out.println(all ? "mio demo: every criterion met" : "mio demo: some criteria FAILED");
      return all ? 0 : 1;
    } finally {
      orchestrator.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook closes the orchestrator again, which is harmless.
      }
    }
  }

  private static String statusLine(JsonNode status) {
    if (!status.path("running").asBoolean(false)) {
      return "  phase " + status.path("phase").asText("?");
    }
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %5.1fs %-7s %6s req/s (last s)",
        status.path("uptimeMs").asLong() / 1000.0,
        "OPEN".equals(status.path("windowState").asText()) ? "window" : "warm-up",
        number(status.path("throughputLastSecond"), "%.0f")));
    line.append("  p99 ").append(number(status.path("latencySoFar").path("p99"), "%.1f")).append(" ms");
    line.append("  speedup ").append(number(status.path("speedupSoFar"), "%.2f"));
    line.append("  |");
    for (JsonNode instance : status.path("instances")) {
      line.append(String.format(Locale.ROOT, " #%d pid %d %s%% %sMB %d req;", instance.path("id").asInt(),
          instance.path("pid").asLong(), number(instance.path("cpuPercent"), "%.0f"),
          instance.path("rssBytes").isNumber()
              ? String.format(Locale.ROOT, "%.0f", instance.path("rssBytes").asLong() / 1048576.0) : "n/a",
          instance.path("requests").asLong()));
    }
    return line.toString();
  }

  private static String number(JsonNode node, String format) {
    return node.isNumber() ? String.format(Locale.ROOT, format, node.asDouble()) : "n/a";
  }
}
