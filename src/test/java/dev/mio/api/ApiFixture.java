package dev.mio.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mio.launch.local.LocalProcessLauncher;
import dev.mio.launch.local.StateFolder;
import dev.mio.proxy.FrontDoorOptions;
import dev.mio.report.ReportJson;
import dev.mio.run.Orchestrator;
import dev.mio.sample.SamplerSettings;
import dev.mio.supervise.RestartPolicy;
import dev.mio.worker.BuiltInWorker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A real API server on 127.0.0.1:0 over a real orchestrator launching the built-in worker; close() stops all. */
final class ApiFixture implements AutoCloseable {
  static final String BASE = "/system/multi-instance";

  final LocalProcessLauncher launcher;
  final Orchestrator orchestrator;
  final ApiServer server;
  final String url;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String token;
  private final java.time.Instant createdAt = java.time.Instant.now();

  ApiFixture(Path state) {
    this(state, null);
  }

  ApiFixture(Path state, String token) {
    this.token = token;
    launcher = new LocalProcessLauncher(new StateFolder(state), RestartPolicy.defaults(), Duration.ofSeconds(3));
    orchestrator = new Orchestrator(launcher, state, SamplerSettings.defaults(), FrontDoorOptions.defaults());
    server = ApiServer.start(orchestrator,
        new FixedDeployment(BuiltInWorker.commandTemplate(), "/health", Duration.ofSeconds(30)), "127.0.0.1", 0,
        token);
    url = "http://127.0.0.1:" + server.port();
  }

  /** A response: status, raw body, parsed JSON (missing node when not JSON) and content type. */
  record Reply(int status, String text, JsonNode json, String contentType) {}

  Reply post(String path, String body) throws IOException, InterruptedException {
    return send(builder(path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  Reply get(String path) throws IOException, InterruptedException {
    return send(builder(path).GET().build());
  }

  Reply send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode json;
    try {
      json = ReportJson.mapper().readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    return new Reply(response.statusCode(), response.body(),
        json == null ? ReportJson.mapper().missingNode() : json,
        response.headers().firstValue("Content-Type").orElse(""));
  }

  HttpRequest.Builder builder(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60));
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  /** Whether an OS process with this pid is alive (a zombie counts as gone). */
  static boolean alive(long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    return handle.isPresent() && handle.get().isAlive() && !isZombie(pid);
  }

  private static boolean isZombie(long pid) {
    try {
      String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Processes descending from this JVM other than the launcher's orphan watcher. */
  long[] descendantsButWatcher() {
    long watcher = launcher.watcherPid();
    // Only this fixture's instances (built-in workers): the launcher also forks short-lived /bin/kill children to
    // signal process groups (seen here as the JVM itself between fork and exec), and earlier test classes in this
    // JVM may leave processes that are still exiting.
    return ProcessHandle.current().descendants().filter(p -> p.pid() != watcher).filter(p -> !isZombie(p.pid()))
        .filter(p -> p.info().commandLine().map(c -> c.contains("dev.mio.worker.WorkerMain")).orElse(false))
        .filter(p -> p.info().startInstant().map(t -> !t.isBefore(createdAt)).orElse(true))
        .mapToLong(ProcessHandle::pid).toArray();
  }

  @Override
  public void close() {
    server.close();
    orchestrator.close();
    launcher.close();
  }
}
