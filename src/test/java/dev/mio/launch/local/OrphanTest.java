package dev.mio.launch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mio.supervise.RestartPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanTest {
  @TempDir Path state;
  @TempDir Path run;
  private Process orchestrator;
  private final List<Long> started = new ArrayList<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    if (orchestrator != null) {
      orchestrator.destroyForcibly();
    }
    for (OsProcesses.Row r : OsProcesses.liveInGroups(started)) {
      OsProcesses.kill9(r.pid);
    }
    started.forEach(OsProcesses::kill9);
  }

  /** Starts {@link OrphanMain} in a child JVM and returns its printed pids by kind (watcher, shell, child). */
  private Map<String, List<Long>> startOrchestrator() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    orchestrator = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        OrphanMain.class.getName(), state.toString(), run.toString())
        .redirectError(run.resolve("orchestrator.err").toFile())
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(orchestrator.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Map<String, List<Long>>> pids = CompletableFuture.supplyAsync(() -> {
      Map<String, List<Long>> byKind = new HashMap<>();
      try {
        for (String line = out.readLine(); line != null && !"ready".equals(line); line = out.readLine()) {
          String[] w = line.split(" ");
          long pid = Long.parseLong(w[1]);
          synchronized (started) {
            started.add(pid);
          }
          byKind.computeIfAbsent(w[0], k -> new ArrayList<>()).add(pid);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return byKind;
    });
    Map<String, List<Long>> result = pids.get(90, TimeUnit.SECONDS);
    assertThat(result.get("shell")).as("shells printed by the orchestrator (stderr: %s)",
        Files.exists(run.resolve("orchestrator.err")) ? Files.readString(run.resolve("orchestrator.err")) : "")
        .hasSize(2);
    assertThat(result.get("child")).as("workers under the shells").hasSize(2);
    return result;
  }

  @Test
  void sigkill_of_the_orchestrator_jvm_kills_every_instance_tree_within_seconds() throws Exception {
    Map<String, List<Long>> pids = startOrchestrator();
    List<Long> tree = new ArrayList<>(pids.get("shell"));
    tree.addAll(pids.get("child"));
    assertThat(OsProcesses.liveAmong(tree)).as("instance trees before the kill").hasSize(4);

    orchestrator.destroyForcibly(); // SIGKILL: no shutdown hook, no finally runs in the orchestrator
    orchestrator.waitFor(10, TimeUnit.SECONDS);

    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
        assertThat(OsProcesses.liveAmong(tree)).as("shells and workers %s after SIGKILL of the orchestrator", tree)
            .isEmpty());
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(OsProcesses.liveAmong(pids.get("watcher"))).as("watcher after its work").isEmpty());
  }

  @Test
  void next_launcher_kills_the_groups_a_dead_orchestrator_recorded_when_its_watcher_died_too() throws Exception {
    Map<String, List<Long>> pids = startOrchestrator();
    // take away the watcher first: only the state folder is left to clean up the grandchildren
    OsProcesses.kill9(pids.get("watcher").get(0));
    await().atMost(Duration.ofSeconds(5)).until(() -> OsProcesses.liveAmong(pids.get("watcher")).isEmpty());
    orchestrator.destroyForcibly();
    orchestrator.waitFor(10, TimeUnit.SECONDS);
    // pdeathsig took the shells (direct children); the workers under them are orphans now
    await().atMost(Duration.ofSeconds(5)).until(() -> OsProcesses.liveAmong(pids.get("shell")).isEmpty());
    assertThat(OsProcesses.liveAmong(pids.get("child"))).as("orphaned workers before the clean-up").hasSize(2);

    LocalProcessLauncher next = new LocalProcessLauncher(new StateFolder(state), RestartPolicy.defaults(),
        Duration.ofSeconds(1));
    toClose.add(next);

    assertThat(next.cleanedUpGroups()).as("groups the new launcher killed").isEqualTo(2);
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
        assertThat(OsProcesses.liveAmong(pids.get("child"))).as("orphaned workers after the clean-up").isEmpty());
    try (var records = Files.list(new StateFolder(state).recordsDirectory())) {
      assertThat(records.filter(p -> p.toString().endsWith(".state")).count())
          .as("records left: only the new launcher's own").isEqualTo(1);
    }
  }

  @Test
  void clean_up_spares_a_group_whose_start_time_does_not_match_the_record() throws Exception {
    Process sleeper = new ProcessBuilder("setsid", "sleep", "60").start();
    started.add(sleeper.pid());
    await().atMost(Duration.ofSeconds(5)).until(() -> OsProcesses.liveInGroups(List.of(sleeper.pid())).size() == 1);
    ProcessId real = ProcessId.of(sleeper.pid()).orElseThrow();
    StateFolder folder = new StateFolder(state);
    // an orchestrator that cannot be alive (pid above any pid_max) recorded the same pid with another start time
    ProcessId deadOrchestrator = new ProcessId(99_999_999L, 1);
    folder.write(folder.recordsDirectory().resolve("1-1.state"), deadOrchestrator,
        List.of(new ProcessId(real.pid(), real.startTicks() + 1)));

    assertThat(folder.cleanUpDeadOrchestrators()).as("groups killed for a reused pid").isZero();
    assertThat(sleeper.isAlive()).isTrue();

    folder.write(folder.recordsDirectory().resolve("1-2.state"), deadOrchestrator, List.of(real));
    assertThat(folder.cleanUpDeadOrchestrators()).as("groups killed for the recorded process").isEqualTo(1);
    assertThat(sleeper.waitFor(5, TimeUnit.SECONDS)).as("sleeper ended").isTrue();
    try (var records = Files.list(folder.recordsDirectory())) {
      assertThat(records.count()).as("records left").isZero();
    }
  }
}
