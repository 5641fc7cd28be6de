package dev.mio.launch.local;

import dev.mio.launch.DeploymentSpec;
import dev.mio.supervise.RestartPolicy;
import dev.mio.worker.BuiltInWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Measures launch time (launch() called → every instance answered 2xx on /health) of the built-in worker for
 * several instance counts, each repeated, and prints min / median / max in ms.
 *
 * <p>Run: {@code mvn -B -q test-compile && java -cp target/classes:target/test-classes
 * dev.mio.launch.local.LaunchTimeMain 1,8 5}
 */
public final class LaunchTimeMain {
  private LaunchTimeMain() {}

  /** Entry point: instance counts (comma-separated) and repetitions. */
  public static void main(String[] args) throws Exception {
    String[] counts = (args.length > 0 ? args[0] : "1,8").split(",");
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path home = Files.createTempDirectory("mio-launch-time");
    try (LocalProcessLauncher launcher = new LocalProcessLauncher(
        new StateFolder(home.resolve("state")), RestartPolicy.defaults(), Duration.ofSeconds(5))) {
      for (String c : counts) {
        int n = Integer.parseInt(c.trim());
        List<Double> millis = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
          DeploymentSpec spec = new DeploymentSpec(BuiltInWorker.commandTemplate(), n, 1, "/health",
              Duration.ofSeconds(120), home.resolve("run-" + n + "-" + r), Map.of());
          long t0 = System.nanoTime();
          LocalDeployment d = launcher.launch(spec);
          long t1 = System.nanoTime();
          d.stop();
          long t2 = System.nanoTime();
          millis.add((t1 - t0) / 1e6);
          System.out.printf("instances=%d run=%d launch_ms=%.1f stop_ms=%.1f%n", n, r, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("instances=%d launch_ms min=%.1f median=%.1f max=%.1f (n=%d)%n",
            n, millis.get(0), millis.get(millis.size() / 2), millis.get(millis.size() - 1), millis.size());
      }
    }
  }
}
