package dev.mio.cli;

import dev.mio.config.Argv;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags that say what to launch, shared by {@code run} and {@code serve}. */
final class DeploymentOptions {
  @Option(names = "--cmd", paramLabel = "\"ARGV\"",
      description = "Command of one instance, split into words like a shell would (no shell runs it);"
          + " {port}, {shard}, {instance} are replaced. Default: the built-in worker.")
  String command;

  @Option(names = "--health-path", defaultValue = "/health", paramLabel = "PATH",
      description = "Path that answers 2xx when an instance is ready (default: ${DEFAULT-VALUE}).")
  String healthPath;

  @Option(names = "--ready-timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DUR",
      description = "How long each instance may take to become ready (default: ${DEFAULT-VALUE}).")
  Duration readyTimeout;

  @Option(names = "--worker-threads", defaultValue = "1", paramLabel = "N",
      description = "Threads of the built-in worker when no --cmd is given (default: ${DEFAULT-VALUE}: one request"
          + " at a time, like a single-threaded Node.js process).")
  int workerThreads;

  /** The instance argv template: the user's command or the built-in worker. */
  List<String> commandTemplate() {
    if (command != null) {
      return Argv.split(command);
    }
    if (workerThreads < 1 || workerThreads > 256) {
      throw new IllegalArgumentException("--worker-threads must be 1..256, was " + workerThreads);
    }
    return dev.mio.worker.BuiltInWorker.commandTemplate(workerThreads);
  }
}
