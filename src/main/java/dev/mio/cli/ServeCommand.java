package dev.mio.cli;

import dev.mio.api.ApiServer;
import dev.mio.api.BearerAuth;
import dev.mio.api.FixedDeployment;
import dev.mio.run.Orchestrator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mio serve}: the REST API of the orchestrator, until SIGINT/SIGTERM stops every instance and exits. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the REST API: POST /system/multi-instance/start and /stop, GET /status, /health and"
        + " /metrics (also under /api/v1). The command the instances run is fixed here; no request can change it.")
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
      description = "Address to listen on (default: ${DEFAULT-VALUE}); a non-loopback address requires a token.")
  String host;

  @Option(names = "--port", defaultValue = "3000", paramLabel = "PORT",
      description = "Port to listen on, 0 = any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--token", paramLabel = "SECRET",
      description = "Require 'Authorization: Bearer SECRET' on every control and metrics call (visible in ps:"
          + " prefer --token-file or $MIO_TOKEN).")
  String token;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Read the bearer token from the first line of FILE (keeps it out of ps).")
  Path tokenFile;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where run logs and cached baselines live (default: $MIO_HOME or ~/.mio).")
  Path stateDirectory;

  @Mixin DeploymentOptions deployment;

  @Override
  public Integer call() {
    FixedDeployment fixed;
    String secret;
    try {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be 0..65535, was " + port);
      }
      secret = TokenSource.resolve(token, tokenFile, System.getenv());
      BearerAuth.checkBind(host, secret);
      fixed = new FixedDeployment(deployment.commandTemplate(), deployment.healthPath, deployment.readyTimeout);
    } catch (IllegalArgumentException e) {
      System.err.println("mio serve: " + e.getMessage());
      return 2;
    }
    Orchestrator orchestrator = Orchestrators.create(stateDirectory);
    orchestrator.setListener((phase, message) -> System.err.println("[" + phase.name().toLowerCase(
        java.util.Locale.ROOT) + "] " + message));
    ApiServer server;
    try {
      server = ApiServer.start(orchestrator, fixed, host, port, secret);
    } catch (RuntimeException e) {
      orchestrator.close();
      System.err.println("mio serve: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGINT/SIGTERM: stop taking calls, then stop the workload and every instance before the JVM exits.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("mio serve: shutting down; stopping every instance");
      server.close();
      orchestrator.close();
      stopped.countDown();
    }, "mio-serve-shutdown"));
    String shown = host.contains(":") ? "[" + host + "]" : host;
    System.out.println("mio serve listening on http://" + shown + ":" + server.port());
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
