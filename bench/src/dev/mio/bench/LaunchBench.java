package dev.mio.bench;

import dev.mio.launch.DeploymentSpec;
import dev.mio.launch.local.LocalDeployment;
import dev.mio.launch.local.LocalProcessLauncher;
import dev.mio.launch.local.StateFolder;
import dev.mio.supervise.RestartPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Launch time, start to all ready, of N foreground nginx instances: through mio's {@link LocalProcessLauncher}
 * ({@code launch()} returning) and bare (the same instance script started with {@link ProcessBuilder} and polled
 * every 1 ms with a raw HTTP GET until it answers 2xx) — the bare figure is nginx's own start time, and the
 * difference is what the orchestrator adds. Rounds interleave bare and mio per size, after one warm-up launch of each.
 * Prints {@code RESULT n round bareMs mioMs}.
 *
 * <p>Run: {@code bench/launch-time.sh}, or by hand: {@code java -cp
 * bench/target/classes:target/classes:$(cat target/cp.txt) dev.mio.bench.LaunchBench bench/nginx-instance.sh 1,8,16 5}
 * (instance script, sizes, rounds).
 */
public final class LaunchBench {
  private LaunchBench() {}

  /** Args: instanceScript sizes rounds. */
  public static void main(String[] args) throws Exception {
    String script = Path.of(args[0]).toAbsolutePath().toString();
    String[] sizes = args[1].split(",");
    int rounds = Integer.parseInt(args[2]);
    Path home = Files.createTempDirectory("mio-launch-bench");
    try (LocalProcessLauncher launcher = new LocalProcessLauncher(new StateFolder(home.resolve("state")),
        RestartPolicy.defaults(), Duration.ofSeconds(5))) {
      bare(script, home.resolve("warm-bare"), 1);
      mio(launcher, script, home.resolve("warm-mio"), 1);
      for (int r = 1; r <= rounds; r++) {
        for (String size : sizes) {
          int n = Integer.parseInt(size.trim());
          double bareMs = bare(script, home.resolve("bare-" + n + "-" + r), n);
          double mioMs = mio(launcher, script, home.resolve("mio-" + n + "-" + r), n);
          System.out.printf("RESULT %d %d %.2f %.2f%n", n, r, bareMs, mioMs);
        }
      }
    }
  }

  private static double mio(LocalProcessLauncher launcher, String script, Path dir, int n) throws Exception {
    DeploymentSpec spec = new DeploymentSpec(List.of(script, "{port}", dir.resolve("i{instance}").toString()), n, 1,
        "/health", Duration.ofSeconds(30), dir, Map.of());
    long t0 = System.nanoTime();
    LocalDeployment d = launcher.launch(spec);
    long t1 = System.nanoTime();
    d.stop();
    return (t1 - t0) / 1e6;
  }

  private static double bare(String script, Path dir, int n) throws Exception {
    int[] ports = new int[n];
    for (int i = 0; i < n; i++) {
      ports[i] = freePort();
    }
    Files.createDirectories(dir);
    List<Process> processes = new ArrayList<>();
    try {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        processes.add(new ProcessBuilder(script, Integer.toString(ports[i]), dir.resolve("i" + i).toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("i" + i + ".log").toFile()).start());
      }
      boolean[] ready = new boolean[n];
      int readyCount = 0;
      long deadline = t0 + 30_000_000_000L;
      while (readyCount < n) {
        for (int i = 0; i < n; i++) {
          if (!ready[i] && answers2xx(ports[i])) {
            ready[i] = true;
            readyCount++;
          }
        }
        if (readyCount < n) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("bare nginx not ready in 30 s");
          }
          Thread.sleep(1);
        }
      }
      return (System.nanoTime() - t0) / 1e6;
    } finally {
      for (Process p : processes) {
        p.destroy(); // SIGTERM: nginx's master stops its worker
      }
      for (Process p : processes) {
        p.waitFor();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  private static boolean answers2xx(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] head = new byte[12];
      int got = 0;
      while (got < head.length) {
        int k = in.read(head, got, head.length - got);
        if (k < 0) {
          return false;
        }
        got += k;
      }
      return head[9] == '2';
    } catch (IOException e) {
      return false;
    }
  }
}
