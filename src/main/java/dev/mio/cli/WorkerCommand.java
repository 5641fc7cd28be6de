package dev.mio.cli;

import dev.mio.worker.WorkerConfig;
import dev.mio.worker.WorkerMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mio worker}: runs the built-in sample HTTP service in this JVM until it is terminated. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Runs the built-in worker: GET /health, /work?cpuMicros=N, /sleep?ms=N,"
        + " /alloc?mb=N, /free, /stats, /stall?ms=N. Reads env PORT, SHARD_ID, INSTANCE_ID.")
public final class WorkerCommand implements Callable<Integer> {

  @Option(names = "--port", description = "TCP port (default: env PORT, else 0 = ephemeral)")
  Integer port;

  @Option(names = "--threads", defaultValue = "1",
      description = "requests served at once (default: ${DEFAULT-VALUE}, one at a time)")
  int threads;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "address to bind (default: ${DEFAULT-VALUE})")
  String host;

  @Override
  public Integer call() {
    WorkerConfig fromEnv;
    try {
      fromEnv = WorkerConfig.parse(java.util.List.of(), System.getenv());
      WorkerConfig config = new WorkerConfig(host, port != null ? port : fromEnv.port(), threads,
          fromEnv.instanceId(), fromEnv.shardId());
      return WorkerMain.serve(config);
    } catch (IllegalArgumentException e) {
      System.err.println("mio worker: " + e.getMessage());
      return 2;
    }
  }
}
