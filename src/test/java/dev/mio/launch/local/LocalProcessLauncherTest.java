package dev.mio.launch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mio.launch.DeploymentSpec;
import dev.mio.launch.Instance;
import dev.mio.launch.LaunchException;
import dev.mio.supervise.InstanceState;
import dev.mio.supervise.RestartPolicy;
import dev.mio.worker.BuiltInWorker;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessLauncherTest {
  private static final Duration READY = Duration.ofSeconds(60);

  @TempDir Path state;
  @TempDir Path run;
  private LocalProcessLauncher launcher;
  private final Set<Long> seenPids = new HashSet<>();

  @BeforeEach
  void createLauncher() {
    launcher = new LocalProcessLauncher(new StateFolder(state), RestartPolicy.defaults(), Duration.ofSeconds(2));
  }

  @AfterEach
  void cleanUp() {
    launcher.close();
    // belt and braces: nothing a test started may survive it, even when an assertion failed half-way
    for (OsProcesses.Row r : OsProcesses.liveInGroups(seenPids)) {
      OsProcesses.kill9(r.pid);
    }
    seenPids.forEach(OsProcesses::kill9);
  }

  private DeploymentSpec spec(List<String> argv, int instances, int shards, String health, Duration ready) {
    return new DeploymentSpec(argv, instances, shards, health, ready, run, Map.of());
  }

  private void remember(LocalDeployment d) {
    for (Instance i : d.instances()) {
      seenPids.add(i.pid());
    }
  }

  @Test
  void four_instances_in_two_shards_run_as_distinct_ready_processes_and_stop_leaves_none_alive() throws Exception {
    LocalDeployment d = launcher.launch(spec(BuiltInWorker.commandTemplate(), 4, 2, "/health", READY));
    remember(d);
    List<Long> pids = d.instances().stream().map(Instance::pid).collect(Collectors.toList());
    assertThat(new HashSet<>(pids)).as("distinct pids %s", pids).hasSize(4);
    assertThat(OsProcesses.liveAmong(pids)).as("live processes among %s", pids).hasSize(4);
    Set<Integer> ports = new HashSet<>();
    for (Instance i : d.instances()) {
      ports.add(i.port());
      assertThat(i.state()).isEqualTo(InstanceState.READY);
      assertThat(i.shardId()).isEqualTo(i.id() % 2);
      HttpResponse<String> r = Http.get(i.port(), "/health");
      assertThat(r.statusCode()).as("health of instance %d on port %d", i.id(), i.port()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-Instance-Id")).as("instance header of %d", i.id())
          .contains(Integer.toString(i.id()));
      assertThat(r.headers().firstValue("X-Shard-Id")).as("shard header of %d", i.id())
          .contains(Integer.toString(i.id() % 2));
      assertThat(i.logFile()).isEqualTo(run.resolve("instance-" + i.id() + ".log")).exists();
    }
    assertThat(ports).hasSize(4);
    List<Long> tree = new ArrayList<>(pids);
    for (long pid : pids) {
      tree.addAll(ProcessHandle.of(pid).orElseThrow().descendants().map(ProcessHandle::pid)
          .collect(Collectors.toList()));
    }

    d.stop();

    assertThat(OsProcesses.liveAmong(tree)).as("live processes of the stopped deployment, tree %s", tree).isEmpty();
    assertThat(OsProcesses.liveInGroups(pids)).as("live members of the instance groups %s", pids).isEmpty();
    assertThat(d.instances()).allSatisfy(i -> {
      assertThat(i.state()).isEqualTo(InstanceState.STOPPED);
      assertThat(i.pid()).isEqualTo(-1);
    });
    d.stop(); // idempotent
  }

  @Test
  void instance_killed_with_sigkill_comes_back_with_a_new_pid_on_the_same_port() throws Exception {
    LocalDeployment d = launcher.launch(spec(BuiltInWorker.commandTemplate(), 3, 1, "/health", READY));
    remember(d);
    Instance victim = d.instances().get(1);
    long oldPid = victim.pid();
    int port = victim.port();
    Map<Integer, Long> othersBefore = Map.of(0, d.instances().get(0).pid(), 2, d.instances().get(2).pid());

    OsProcesses.kill9(oldPid);

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
      assertThat(victim.state()).isEqualTo(InstanceState.READY);
      assertThat(victim.pid()).as("pid after the kill of %d", oldPid).isPositive().isNotEqualTo(oldPid);
    });
    seenPids.add(victim.pid());
    assertThat(victim.port()).isEqualTo(port);
    assertThat(victim.restarts()).isEqualTo(1);
    assertThat(OsProcesses.liveAmong(List.of(oldPid))).as("killed pid %d", oldPid).isEmpty();
    HttpResponse<String> r = Http.get(port, "/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Instance-Id")).contains("1");
    for (Map.Entry<Integer, Long> e : othersBefore.entrySet()) {
      Instance other = d.instances().get(e.getKey());
      assertThat(other.pid()).as("pid of untouched instance %d", other.id()).isEqualTo(e.getValue());
      assertThat(other.restarts()).as("restarts of untouched instance %d", other.id()).isZero();
    }
    d.stop();
    assertThat(OsProcesses.liveAmong(List.of(victim.pid()))).isEmpty();
  }

  @Test
  void instance_that_exits_at_once_fails_the_launch_with_its_exit_code_and_last_log_line() throws Exception {
    // instance 1 crashes, instance 0 is healthy: the healthy one must be stopped too
    List<String> argv = List.of("sh", "-c",
        "echo pid=$$; if [ \"$INSTANCE_ID\" = 1 ]; then"
            // crash only once instance 0 runs (its pid is logged), so the test can check it was stopped
            + " i=0; while ! grep -q pid= instance-0.log && [ $i -lt 250 ]; do sleep 0.02; i=$((i+1)); done;"
            + " echo boom-last-line; exit 3; fi; exec sleep 600");
    long started = System.nanoTime();
    assertThatThrownBy(() -> launcher.launch(spec(argv, 2, 1, "/", Duration.ofSeconds(20))))
        .isInstanceOf(LaunchException.class)
        .hasMessageContaining("instance 1")
        .hasMessageContaining("code 3")
        .hasMessageContaining("boom-last-line");
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(millis).as("ms until the launch failed (ready time-out 20 s)").isLessThan(15_000);
    assertNothingRunsFrom(2);
  }

  @Test
  void instance_that_never_becomes_healthy_fails_the_launch_within_its_time_out() throws Exception {
    List<String> argv = List.of("sh", "-c", "echo pid=$$; sleep 600 & echo waiting-forever-{instance}; wait");
    long started = System.nanoTime();
    assertThatThrownBy(() -> launcher.launch(spec(argv, 2, 2, "/health", Duration.ofMillis(1500))))
        .isInstanceOf(LaunchException.class)
        .hasMessageMatching("(?s)instance [01] .*")
        .hasMessageContaining("did not answer 2xx")
        .hasMessageContaining("waiting-forever-");
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(millis).as("ms until the launch failed (ready time-out 1.5 s)").isBetween(1_400L, 10_000L);
    assertNothingRunsFrom(2);
  }

  /** After a failed launch neither the pids the instances logged nor any member of their groups may live. */
  private void assertNothingRunsFrom(int instances) throws Exception {
    List<Long> pids = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      for (String line : Files.readAllLines(run.resolve("instance-" + i + ".log"))) {
        if (line.startsWith("pid=")) {
          pids.add(Long.parseLong(line.substring(4).trim()));
        }
      }
    }
    seenPids.addAll(pids);
    assertThat(pids).as("pids logged by the instances").hasSize(instances);
    assertThat(OsProcesses.liveAmong(pids)).as("live processes among %s after the failed launch", pids).isEmpty();
    for (long pgid : pids) {
      Process pgrep = new ProcessBuilder("pgrep", "-g", Long.toString(pgid)).start();
      List<Long> members = new ArrayList<>();
      for (String line : new String(pgrep.getInputStream().readAllBytes()).split("\n")) {
        if (!line.isBlank()) {
          members.add(Long.parseLong(line.trim()));
        }
      }
      pgrep.waitFor();
      // pgrep also lists zombies (no init reaps orphans here), so check liveness of what it found
      assertThat(OsProcesses.liveAmong(members)).as("live members of group %d (pgrep -g: %s)", pgid, members)
          .isEmpty();
    }
  }

  @Test
  void stop_ends_a_shell_and_the_worker_it_started() throws Exception {
    String worker = BuiltInWorker.commandTemplate().stream().map(w -> "'" + w + "'").collect(Collectors.joining(" "));
    List<String> argv = List.of("sh", "-c", worker + " & wait");
    LocalDeployment d = launcher.launch(spec(argv, 1, 1, "/health", READY));
    remember(d);
    long shell = d.instances().get(0).pid();
    List<Long> children = OsProcesses.liveChildren(shell);
    assertThat(children).as("children of the shell %d", shell).hasSize(1);
    seenPids.addAll(children);

    d.stop();

    List<Long> tree = new ArrayList<>(children);
    tree.add(shell);
    assertThat(OsProcesses.liveAmong(tree)).as("shell %d and its child %s after stop", shell, children).isEmpty();
  }
}
