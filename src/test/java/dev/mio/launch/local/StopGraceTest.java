package dev.mio.launch.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mio.launch.DeploymentSpec;
import dev.mio.launch.Instance;
import dev.mio.supervise.InstanceState;
import dev.mio.supervise.RestartPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StopGraceTest {
  /** A health server that ignores SIGTERM, so only SIGKILL after the grace period ends it. */
  private static final String STUBBORN_SERVER = String.join("\n",
      "import http.server, signal, sys",
      "signal.signal(signal.SIGTERM, signal.SIG_IGN)",
      "class H(http.server.BaseHTTPRequestHandler):",
      "    def do_GET(self):",
      "        self.send_response(200)",
      "        self.end_headers()",
      "    def log_message(self, *args):",
      "        pass",
      "http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()");

  @TempDir Path state;
  @TempDir Path run;
  private LocalProcessLauncher launcher;
  private long pid = -1;

  @AfterEach
  void cleanUp() {
    if (launcher != null) {
      launcher.close();
    }
    if (pid > 0) {
      OsProcesses.kill9(pid);
    }
  }

  @Test
  void stop_sigkills_an_instance_that_ignores_sigterm_once_the_grace_period_is_over() throws Exception {
    launcher = new LocalProcessLauncher(new StateFolder(state), RestartPolicy.defaults(), Duration.ofMillis(700));
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    LocalDeployment d = launcher.launch(new DeploymentSpec(List.of(python, "-c", STUBBORN_SERVER, "{port}"), 1, 1,
        "/", Duration.ofSeconds(20), run, Map.of()));
    Instance stubborn = d.instances().get(0);
    pid = stubborn.pid();

    long t0 = System.nanoTime();
    d.stop();
    long stopMillis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(stopMillis).as("ms to stop an instance ignoring SIGTERM, grace 700 ms").isBetween(650L, 10_000L);
    assertThat(OsProcesses.liveAmong(List.of(pid))).as("instance %d after stop", pid).isEmpty();
    assertThat(((LocalInstance) stubborn).lastExitCode()).as("exit code: 128 + SIGKILL").contains(137);
    Thread.sleep(300); // longer than the first back-off: a stop must never turn into a restart
    assertThat(stubborn.state()).isEqualTo(InstanceState.STOPPED);
    assertThat(stubborn.restarts()).isZero();
  }
}
