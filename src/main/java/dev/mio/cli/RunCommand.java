package dev.mio.cli;

import dev.mio.config.BaselineMode;
import dev.mio.config.RunSpec;
import dev.mio.config.WorkloadSpec;
import dev.mio.launch.LaunchException;
import dev.mio.report.ReportJson;
import dev.mio.report.ReportTable;
import dev.mio.report.RunReport;
import dev.mio.run.LiveStatus;
import dev.mio.run.Orchestrator;
import dev.mio.run.RunCancelledException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mio run}: the main job — baseline, then N instances under load, then the report. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Measure a single-instance baseline, then N instances in S shards under the same workload, and"
        + " print the report (throughput, latency, CPU, memory, speedup, efficiency, distribution).")
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--instances", defaultValue = "4", paramLabel = "N",
      description = "Instances to launch (default: ${DEFAULT-VALUE}).")
  int instances;

  @Option(names = "--shards", defaultValue = "2", paramLabel = "S",
      description = "Shards; instance i serves shard i %% S (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DUR",
      description = "Length of the measured window (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DUR",
      description = "Load before each window, not measured (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--baseline", defaultValue = "measure", paramLabel = "measure|cached|none",
      description = "measure a 1-instance baseline, reuse a cached one, or none (default: ${DEFAULT-VALUE}).")
  BaselineMode baseline;

  @Option(names = "--baseline-duration", defaultValue = "5s", converter = DurationConverter.class,
      paramLabel = "DUR", description = "Length of the baseline's window (default: ${DEFAULT-VALUE}).")
  Duration baselineDuration;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write {\"stats\":{…}} to FILE.")
  Path jsonFile;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where run logs and cached baselines live (default: $MIO_HOME or ~/.mio).")
  Path stateDirectory;

  @Option(names = "--quiet", description = "Print only the report, no progress.")
  boolean quiet;

  @Mixin DeploymentOptions deployment;
  @Mixin WorkloadOptions workload;

  @Override
  public Integer call() {
    PrintStream err = System.err;
    RunSpec spec;
    try {
      WorkloadSpec load = workload.toSpec(instances);
      spec = new RunSpec(instances, shards, deployment.commandTemplate(), deployment.healthPath, Optional.of(load),
          baseline, baselineDuration, warmup, Optional.of(duration), deployment.readyTimeout);
    } catch (IllegalArgumentException e) {
      err.println("mio run: " + e.getMessage());
      return 2;
    }
    CountDownLatch interrupted = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      interrupted.countDown();
      try {
        finished.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "mio-run-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try (Orchestrator orchestrator = Orchestrators.create(stateDirectory)) {
      if (!quiet) {
        orchestrator.setListener((phase, message) -> err.println("[" + phase.name().toLowerCase(Locale.ROOT) + "] "
            + message));
      }
      Thread starter = Thread.currentThread();
      Thread canceller = new Thread(() -> {
        try {
          interrupted.await();
          if (orchestrator.phase() != dev.mio.run.RunPhase.RUNNING) {
            try {
              orchestrator.stop();
            } catch (RuntimeException e) {
              // Nothing to cancel any more.
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "mio-run-canceller");
      canceller.setDaemon(true);
      canceller.start();
      try {
        orchestrator.start(spec);
      } catch (RunCancelledException e) {
        err.println("mio run: interrupted; every instance was stopped");
        return 130;
      } catch (LaunchException e) {
        err.println("mio run: " + e.getMessage());
        return 1;
      }
      boolean early = waitForWindow(orchestrator, spec, interrupted, err);
      Optional<RunReport> report = orchestrator.stop();
      if (report.isEmpty()) {
        return 130;
      }
      System.out.print(ReportTable.render(report.get()));
      if (jsonFile != null) {
        writeJson(report.get(), jsonFile);
        err.println("mio run: wrote " + jsonFile);
      }
      canceller.interrupt();
      return early ? 130 : 0;
    } catch (IOException e) {
      err.println("mio run: cannot write " + jsonFile + ": " + e.getMessage());
      return 1;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down (Ctrl-C): the hook is running and waits for us.
      }
    }
  }

  /** Waits out warm-up and window, printing a status line each second; true when interrupted early. */
  private boolean waitForWindow(Orchestrator orchestrator, RunSpec spec, CountDownLatch interrupted, PrintStream err) {
    long endNanos = System.nanoTime() + spec.warmup().toNanos() + spec.duration().orElseThrow().toNanos();
    try {
      while (true) {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        if (interrupted.await(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS)) {
          err.println("mio run: interrupted; stopping and reporting what was measured");
          return true;
        }
        if (!quiet) {
          orchestrator.live().ifPresent(live -> err.println(statusLine(live.status())));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private static String statusLine(LiveStatus status) {
    StringBuilder line = new StringBuilder();
    line.append(String.format(Locale.ROOT, "  %5.1fs %-10s", status.uptimeMs() / 1000.0,
        status.windowState().equals("NOT_OPENED") ? "warm-up" : "window"));
    line.append(status.throughputLastSecond() == null ? "   n/a req/s"
        : String.format(Locale.ROOT, " %8.0f req/s", status.throughputLastSecond()));
    if (status.latencyWindow() != null && status.latencyWindow().count() > 0) {
      line.append(String.format(Locale.ROOT, "  p99 %.3f ms", status.latencyWindow().p99Ms()));
    }
    if (status.speedupSoFar() != null) {
      line.append(String.format(Locale.ROOT, "  speedup %.2f", status.speedupSoFar()));
    }
    double cpu = 0;
    for (var instance : status.instances()) {
      cpu += instance.cpuPercent() == null ? 0 : instance.cpuPercent();
    }
    line.append(String.format(Locale.ROOT, "  instances' CPU %.0f%%", cpu));
    return line.toString();
  }

  private static void writeJson(RunReport report, Path file) throws IOException {
    var root = ReportJson.mapper().createObjectNode();
    root.set("stats", ReportJson.stats(report));
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, ReportJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
        StandardCharsets.UTF_8);
  }
}
