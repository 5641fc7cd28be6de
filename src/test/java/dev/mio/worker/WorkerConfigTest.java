package dev.mio.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  @Test
  void defaults_to_loopback_one_thread_ephemeral_port_and_ids_zero() {
    assertThat(WorkerConfig.parse(List.of(), Map.of()))
        .isEqualTo(new WorkerConfig("127.0.0.1", 0, 1, 0, 0));
  }

  @Test
  void reads_port_and_ids_from_the_environment_and_options_win() {
    Map<String, String> env = Map.of("PORT", "8081", "INSTANCE_ID", "5", "SHARD_ID", "2");
    assertThat(WorkerConfig.parse(List.of(), env))
        .isEqualTo(new WorkerConfig("127.0.0.1", 8081, 1, 5, 2));
    assertThat(WorkerConfig.parse(List.of("--port", "9000", "--threads=4", "--host", "0.0.0.0"), env))
        .isEqualTo(new WorkerConfig("0.0.0.0", 9000, 4, 5, 2));
  }

  @Test
  void bad_arguments_are_rejected_naming_what_is_wrong() {
    assertThatThrownBy(() -> WorkerConfig.parse(List.of("--port", "x"), Map.of()))
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> WorkerConfig.parse(List.of("--port"), Map.of()))
        .hasMessageContaining("--port needs a value");
    assertThatThrownBy(() -> WorkerConfig.parse(List.of("--port", "70000"), Map.of()))
        .hasMessageContaining("port");
    assertThatThrownBy(() -> WorkerConfig.parse(List.of("--threads", "0"), Map.of()))
        .hasMessageContaining("threads");
    assertThatThrownBy(() -> WorkerConfig.parse(List.of("--verbose"), Map.of()))
        .hasMessageContaining("unknown option '--verbose'");
    assertThatThrownBy(() -> WorkerConfig.parse(List.of(), Map.of("SHARD_ID", "one")))
        .hasMessageContaining("SHARD_ID");
    assertThatThrownBy(() -> WorkerConfig.parse(List.of(), Map.of("INSTANCE_ID", "-1")))
        .hasMessageContaining("instanceId");
  }

  @Test
  void command_template_launches_worker_main_in_a_small_jvm_with_nodelay() {
    List<String> argv = BuiltInWorker.commandTemplate();
    assertThat(argv.get(0)).endsWith("/bin/java");
    assertThat(argv).contains("-XX:+UseSerialGC", "-Dsun.net.httpserver.nodelay=true",
        "dev.mio.worker.WorkerMain", "-cp")
        .anyMatch(flag -> flag.startsWith("-Xmx"))
        .doesNotContain("--threads");
    assertThat(argv.subList(argv.size() - 2, argv.size())).containsExactly("--port", "{port}");
    assertThat(BuiltInWorker.commandTemplate(3)).endsWith("--threads", "3");
    assertThatThrownBy(() -> BuiltInWorker.commandTemplate(0)).hasMessageContaining("threads");
  }
}
