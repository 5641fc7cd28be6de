package dev.mio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mio.api.ApiClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mio serve} as a real child process, and {@code mio demo} in-process. */
class ServeAndDemoCommandTest {
  @TempDir Path state;

  @Test
  void serve_refuses_a_non_loopback_host_without_a_token() {
    assertThat(Main.execute("serve", "--host", "0.0.0.0", "--port", "0", "--state-dir", state.toString()))
        .as("exit status").isEqualTo(2);
  }

  @Test
  void sigterm_of_serve_stops_every_instance_before_exiting() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process serve = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "serve", "--port", "0", "--state-dir", state.toString())
        .redirectError(state.resolve("serve.err").toFile()).start();
    List<Long> pids = new ArrayList<>();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("first stdout line (stderr: %s)", state.resolve("serve.err")).isNotNull()
          .matches("mio serve listening on http://127\\.0\\.0\\.1:\\d+");
      String url = line.substring(line.indexOf("http://"));
      ApiClient client = new ApiClient(url, null, Duration.ofSeconds(60));
      ApiClient.Reply started = client.post("/system/multi-instance/start", "{\"instances\":2,\"shards\":1,"
          + "\"baseline\":\"none\",\"warmupMs\":0,\"workload\":{\"connections\":2}}");
      assertThat(started.status()).as("start %s", started.body()).isEqualTo(200);
      started.body().path("pids").forEach(p -> pids.add(p.asLong()));
      assertThat(pids).hasSize(2).allMatch(ServeAndDemoCommandTest::alive);
      JsonNode status = client.get("/system/multi-instance/status").body();
      assertThat(status.path("running").asBoolean()).isTrue();

      serve.destroy(); // SIGTERM
      assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("serve exits after SIGTERM").isTrue();
      assertThat(pids).as("instances after serve exited").noneMatch(ServeAndDemoCommandTest::alive);
      assertThat(Files.readString(state.resolve("serve.err"))).contains("stopping every instance");
    } finally {
      serve.destroyForcibly();
      for (long pid : pids) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Test
  void demo_meets_every_acceptance_criterion_and_exits_0() {
    int status = Main.execute("demo", "--state-dir", state.toString(), "--instances", "2", "--shards", "2",
        "--live", "2s", "--baseline-duration", "1s");
    assertThat(status).as("mio demo exit status (its ✓/✗ lines are on stdout)").isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.current().descendants()
        .noneMatch(p -> p.info().commandLine().orElse("").contains("WorkerMain")));
  }

  private static boolean alive(long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (Exception e) {
      return false;
    }
  }
}
