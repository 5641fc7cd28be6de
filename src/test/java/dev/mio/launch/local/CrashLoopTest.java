package dev.mio.launch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mio.launch.DeploymentSpec;
import dev.mio.launch.Instance;
import dev.mio.supervise.InstanceState;
import dev.mio.supervise.RestartPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashLoopTest {
  /** Serves 200 on every path, then exits with 1 a moment after its first answer; logs start and exit times. */
  private static final String FLAKY_SERVER = String.join("\n",
      "import http.server, os, sys, threading, time",
      "print('start', time.time_ns(), flush=True)",
      "def die():",
      "    print('exit', time.time_ns(), flush=True)",
      "    os._exit(1)",
      "class H(http.server.BaseHTTPRequestHandler):",
      "    armed = False",
      "    def do_GET(self):",
      "        self.send_response(200)",
      "        self.end_headers()",
      "        if not H.armed:",
      "            H.armed = True",
      "            threading.Timer(0.2, die).start()",
      "    def log_message(self, *args):",
      "        pass",
      "http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()");

  @TempDir Path state;
  @TempDir Path run;
  private LocalProcessLauncher launcher;

  @AfterEach
  void cleanUp() {
    if (launcher != null) {
      launcher.close();
    }
  }

  @Test
  void instance_that_keeps_crashing_is_marked_failed_after_the_crash_limit_with_growing_backoff() throws Exception {
    RestartPolicy policy = new RestartPolicy(
        Duration.ofMillis(150), Duration.ofSeconds(5), 4, Duration.ofSeconds(30), Duration.ofSeconds(10));
    launcher = new LocalProcessLauncher(new StateFolder(state), policy, Duration.ofSeconds(2));
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    DeploymentSpec spec = new DeploymentSpec(List.of(python, "-c", FLAKY_SERVER, "{port}"), 1, 1, "/health",
        Duration.ofSeconds(20), run, Map.of());

    LocalDeployment d = launcher.launch(spec);
    Instance flaky = d.instances().get(0);
    int port = flaky.port();

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(() -> flaky.state() == InstanceState.FAILED);

    assertThat(flaky.restarts()).as("restarts before the 4th crash marks it FAILED").isEqualTo(3);
    assertThat(flaky.pid()).isEqualTo(-1);
    assertThat(flaky.port()).isEqualTo(port);
    // the instance's own clock: each restart waited at least its back-off, and the waits grow
    List<Long> starts = new ArrayList<>();
    List<Long> exits = new ArrayList<>();
    for (String line : Files.readAllLines(flaky.logFile())) {
      String[] w = line.split(" ");
      if (w.length == 2 && "start".equals(w[0])) {
        starts.add(Long.parseLong(w[1]));
      } else if (w.length == 2 && "exit".equals(w[0])) {
        exits.add(Long.parseLong(w[1]));
      }
    }
    assertThat(starts).as("starts logged").hasSize(4);
    assertThat(exits).as("exits logged").hasSize(4);
    List<Long> waitsMillis = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waitsMillis.add((starts.get(i + 1) - exits.get(i)) / 1_000_000);
    }
    assertThat(waitsMillis.get(0)).as("ms from crash 1 to the next start, waits %s", waitsMillis).isGreaterThanOrEqualTo(150);
    assertThat(waitsMillis.get(1)).as("ms from crash 2 to the next start, waits %s", waitsMillis).isGreaterThanOrEqualTo(300);
    assertThat(waitsMillis.get(2)).as("ms from crash 3 to the next start, waits %s", waitsMillis).isGreaterThanOrEqualTo(600)
        .isGreaterThan(waitsMillis.get(0));

    d.stop();
    assertThat(flaky.state()).isEqualTo(InstanceState.STOPPED);
  }
}
