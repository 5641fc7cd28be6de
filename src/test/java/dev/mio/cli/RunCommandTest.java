package dev.mio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mio run} as a user runs it: a separate JVM, its exit code, its output, and the processes it leaves. */
class RunCommandTest {
  private static final Pattern INSTANCE_ROW = Pattern.compile("^\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+\\d+\\s+\\d+.*$");

  @TempDir Path dir;
  private Process mio;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (mio != null && mio.isAlive()) {
      mio.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "dev.mio.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("MIO_HOME", dir.resolve("state").toString());
    builder.redirectError(dir.resolve("stderr.txt").toFile());
    mio = builder.start();
    return mio;
  }

  private String stderr() throws IOException {
    return Files.readString(dir.resolve("stderr.txt"));
  }

  @Test
  void a_short_run_prints_the_report_and_writes_the_stats_json() throws Exception {
    Path json = dir.resolve("out/report.json");
    Process run = start("run", "--instances", "2", "--shards", "2", "--duration", "1s", "--warmup", "200ms",
        "--baseline-duration", "1s", "--json", json.toString(), "--state-dir", dir.resolve("state").toString());
    String stdout = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("mio run finished").isTrue();
    assertThat(run.exitValue()).as("exit code; stderr:%n%s", stderr()).isZero();
    assertThat(stdout).contains("2 instances in 2 shards", "speedup", "accounting: sent");
    assertThat(stderr()).contains("[baseline]", "window open");
    JsonNode stats = new ObjectMapper().readTree(json.toFile()).get("stats");
    assertThat(stats.get("instances").asInt()).isEqualTo(2);
    assertThat(stats.get("speedupRatio").isNumber()).as("speedup measured against the measured baseline").isTrue();
    assertThat(stats.get("details").get("baseline").get("source").asText()).isEqualTo("measured");
    assertThat(stats.get("details").get("accounting").get("balanced").asBoolean()).isTrue();
    for (long pid : pidsIn(stdout)) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("instance pid %d", pid)
          .isFalse();
    }
  }

  @Test
  void sigterm_during_the_window_stops_every_instance_and_still_reports() throws Exception {
    Process run = start("run", "--instances", "2", "--shards", "1", "--duration", "60s", "--warmup", "200ms",
        "--baseline", "none", "--state-dir", dir.resolve("state").toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!stderr().contains("window open") && System.nanoTime() < deadline && run.isAlive()) {
      Thread.sleep(100);
    }
    assertThat(stderr()).as("progress before the signal").contains("window open");

    run.toHandle().destroy(); // SIGTERM (the same shutdown path as Ctrl-C), leaving our end of the pipes open
    String stdout = readAll(run);

    assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("mio run exited after SIGTERM").isTrue();
    assertThat(stdout).as("the report of what was measured until the signal").contains("accounting: sent");
    List<Long> pids = pidsIn(stdout);
    assertThat(pids).hasSize(2);
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("instance pid %d", pid)
          .isFalse();
    }
  }

  @Test
  void bad_flags_exit_2_with_a_message_and_no_stack_trace() throws Exception {
    String[][] cases = {
        {"run", "--instances", "0"},
        {"run", "--instances", "2", "--shards", "3"},
        {"run", "--duration", "5x"},
        {"run", "--model", "open"},
        {"run", "--cmd", "sh -c 'unclosed"},
        {"run", "--key-dist", "pareto"},
    };
    for (String[] args : cases) {
      Process run = start(args);
      readAll(run);
      assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String err = stderr();
      assertThat(run.exitValue()).as("exit code of %s; stderr %s", String.join(" ", args), err).isEqualTo(2);
      assertThat(err).as("stderr of %s", String.join(" ", args)).isNotBlank().doesNotContain("\tat ", "Exception");
    }
  }

  private static String readAll(Process process) throws IOException {
    StringBuilder out = new StringBuilder();
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static List<Long> pidsIn(String report) {
    List<Long> pids = new ArrayList<>();
    boolean inTable = false;
    for (String line : report.split("\n")) {
      if (line.startsWith("inst shard")) {
        inTable = true;
        continue;
      }
      Matcher m = INSTANCE_ROW.matcher(line);
      if (inTable && m.matches()) {
        pids.add(Long.parseLong(m.group(3)));
      } else if (inTable && line.isBlank()) {
        break;
      }
    }
    return pids;
  }
}
