package dev.mio.launch.local;

import dev.mio.launch.DeploymentSpec;
import dev.mio.launch.Instance;
import dev.mio.supervise.RestartPolicy;
import dev.mio.worker.BuiltInWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A throw-away orchestrator for the orphan tests: launches 2 workers under {@code sh -c "... & wait"} (so there
 * are grandchildren), prints {@code watcher <pid>}, {@code shell <pid>} and {@code child <pid>} lines, then
 * {@code ready}, and sleeps until the test kills it (at most 2 minutes, so a forgotten one ends by itself).
 *
 * <p>Usage: {@code java -cp <test class path> dev.mio.launch.local.OrphanMain <stateDir> <runDir>}
 */
public final class OrphanMain {
  private OrphanMain() {}

  /** Entry point; see the class comment. */
  public static void main(String[] args) throws Exception {
    LocalProcessLauncher launcher = new LocalProcessLauncher(
        new StateFolder(Path.of(args[0])), RestartPolicy.defaults(), Duration.ofSeconds(2));
    String worker = BuiltInWorker.commandTemplate().stream().map(w -> "'" + w + "'")
        .collect(Collectors.joining(" "));
    LocalDeployment d = launcher.launch(new DeploymentSpec(List.of("sh", "-c", worker + " & wait"), 2, 1, "/health",
        Duration.ofSeconds(60), Path.of(args[1]), Map.of()));
    System.out.println("watcher " + launcher.watcherPid());
    for (Instance i : d.instances()) {
      System.out.println("shell " + i.pid());
      for (long child : OsProcesses.liveChildren(i.pid())) {
        System.out.println("child " + child);
      }
    }
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(120_000);
    launcher.close();
  }
}
