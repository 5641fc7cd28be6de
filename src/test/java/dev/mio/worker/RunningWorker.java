package dev.mio.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A worker started as its own process from {@link BuiltInWorker#commandTemplate(int)}, for tests. */
final class RunningWorker implements AutoCloseable {

  final Process process;
  final int port;
  final String listeningLine;
  final long startupMillis;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Path stderr;

  private RunningWorker(Process process, int port, String listeningLine, long startupMillis,
      Path stderr) {
    this.process = process;
    this.port = port;
    this.listeningLine = listeningLine;
    this.startupMillis = startupMillis;
    this.stderr = stderr;
  }

  /** Starts a worker with {@code threads} request threads and the given ids, and waits for /health. */
  static RunningWorker start(int threads, int instanceId, int shardId) throws Exception {
    int port = freePort();
    List<String> argv = new ArrayList<>();
    for (String word : BuiltInWorker.commandTemplate(threads)) {
      argv.add(word.replace(BuiltInWorker.PORT_PLACEHOLDER, Integer.toString(port)));
    }
    Path stderr = Files.createTempFile("mio-worker-test", ".err");
    ProcessBuilder builder = new ProcessBuilder(argv).redirectError(stderr.toFile());
    builder.environment().put("INSTANCE_ID", Integer.toString(instanceId));
    builder.environment().put("SHARD_ID", Integer.toString(shardId));
    builder.environment().remove("PORT");
    long startNanos = System.nanoTime();
    Process process = builder.start();
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      RunningWorker probe = new RunningWorker(process, port, line, 0, stderr);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (true) {
        try {
          if (probe.get("/health").statusCode() == 200) {
            break;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IllegalStateException("worker did not answer /health: alive="
              + process.isAlive() + " line=" + line + " stderr=" + Files.readString(stderr));
        }
        Thread.sleep(20);
      }
      long startupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      return new RunningWorker(process, port, line, startupMillis, stderr);
    } catch (Exception | Error e) {
      process.destroyForcibly();
      throw e;
    }
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  /** The worker's resident set size from /proc/PID/status, in bytes. */
  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for pid " + process.pid());
  }

  /** The worker's user + system CPU time from /proc/PID/stat, in clock ticks. */
  long cpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
    // Fields after the command name, which may itself hold spaces, start after the last ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** Clock ticks per second as the OS reports them. */
  static long clockTicksPerSecond() throws IOException, InterruptedException {
    Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
    String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    getconf.waitFor(5, TimeUnit.SECONDS);
    return Long.parseLong(out.trim());
  }

  String stderr() throws IOException {
    return Files.readString(stderr);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    Files.deleteIfExists(stderr);
  }
}
