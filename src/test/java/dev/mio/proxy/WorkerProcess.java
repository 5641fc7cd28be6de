package dev.mio.proxy;

import dev.mio.worker.BuiltInWorker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A built-in worker started as its own process for a test, with env PORT, SHARD_ID and INSTANCE_ID. */
final class WorkerProcess implements AutoCloseable {
  private static final Pattern REQUESTS = Pattern.compile("\"requests\":(\\d+)");
  private static final HttpClient DIRECT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  final int instanceId;
  final int shardId;
  final int port;
  final Process process;
  private final Path log;

  private WorkerProcess(int instanceId, int shardId, int port, Process process, Path log) {
    this.instanceId = instanceId;
    this.shardId = shardId;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /** Launches a worker serving {@code threads} requests at a time; {@link #awaitHealthy()} waits for it. */
  static WorkerProcess launch(int instanceId, int shardId, int threads) throws IOException {
    int port = freePort();
    List<String> argv = new ArrayList<>();
    for (String word : BuiltInWorker.commandTemplate(threads)) {
      argv.add(word.replace(BuiltInWorker.PORT_PLACEHOLDER, Integer.toString(port)));
    }
    Path log = Files.createTempFile("mio-proxy-worker-" + instanceId + "-", ".log");
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("SHARD_ID", Integer.toString(shardId));
    builder.environment().put("INSTANCE_ID", Integer.toString(instanceId));
    return new WorkerProcess(instanceId, shardId, port, builder.start(), log);
  }

  /** Waits (at most 30 s) until the worker answers /health with 200. */
  WorkerProcess awaitHealthy() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("worker " + instanceId + " exited " + process.exitValue() + ": "
            + Files.readString(log));
      }
      try {
        if (get("/health").statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(25);
    }
    throw new IllegalStateException("worker " + instanceId + " did not answer /health in 30 s: "
        + Files.readString(log));
  }

  /** The worker's own count of served requests, excluding /stats and /health (its ground truth). */
  long servedRequests() throws Exception {
    HttpResponse<String> stats = get("/stats");
    Matcher m = REQUESTS.matcher(stats.body());
    if (stats.statusCode() != 200 || !m.find()) {
      throw new IllegalStateException("unexpected /stats answer " + stats.statusCode() + " " + stats.body());
    }
    return Long.parseLong(m.group(1));
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return DIRECT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Kills the worker with SIGKILL and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Whether nothing accepts connections on the worker's port any more. */
  boolean portRefuses() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return false;
    } catch (IOException refused) {
      return true;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    kill();
    Files.deleteIfExists(log);
  }
}
