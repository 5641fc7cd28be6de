package dev.mio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mio.api.ApiClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API token from --token, --token-file or $MIO_TOKEN, and a real {@code mio serve} that enforces it. */
class TokenSourceTest {
  @TempDir Path dir;

  @Test
  void token_file_gives_its_first_line_without_the_line_end() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "s3cret-Token\r\nsecond line ignored\n");
    assertThat(TokenSource.resolve(null, file, Map.of())).isEqualTo("s3cret-Token");
  }

  @Test
  void environment_variable_gives_the_token() {
    assertThat(TokenSource.resolve(null, null, Map.of("MIO_TOKEN", "from-env"))).isEqualTo("from-env");
  }

  @Test
  void no_source_means_no_token() {
    assertThat(TokenSource.resolve(null, null, Map.of())).isNull();
  }

  @Test
  void two_sources_at_once_are_refused_naming_all_three() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "a\n");
    assertThatThrownBy(() -> TokenSource.resolve("b", file, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--token-file").hasMessageContaining("MIO_TOKEN");
    assertThatThrownBy(() -> TokenSource.resolve("b", null, Map.of("MIO_TOKEN", "c")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one way only");
  }

  @Test
  void missing_empty_or_spaced_tokens_are_refused_with_the_source_named() throws Exception {
    assertThatThrownBy(() -> TokenSource.resolve(null, dir.resolve("absent"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absent");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> TokenSource.resolve(null, empty, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
    Path spaced = Files.writeString(dir.resolve("spaced"), "two words\n");
    assertThatThrownBy(() -> TokenSource.resolve(null, spaced, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spaces");
    assertThatThrownBy(() -> TokenSource.resolve(null, null, Map.of("MIO_TOKEN", "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$MIO_TOKEN");
  }

  @Test
  void serve_with_a_token_file_answers_401_without_it_and_200_with_it_and_keeps_it_out_of_the_command_line()
      throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "file-token-123\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process serve = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "serve", "--port", "0", "--state-dir", dir.resolve("state").toString(), "--token-file", file.toString())
        .redirectError(dir.resolve("serve.err").toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("first stdout line (stderr in %s)", dir.resolve("serve.err")).isNotNull()
          .startsWith("mio serve listening on http://");
      String url = line.substring(line.indexOf("http://"));
      ApiClient.Reply without = new ApiClient(url, null, Duration.ofSeconds(10)).get("/system/multi-instance/status");
      assertThat(without.status()).as("status without a token: %s", without.body()).isEqualTo(401);
      ApiClient.Reply wrong = new ApiClient(url, "other", Duration.ofSeconds(10)).get("/system/multi-instance/status");
      assertThat(wrong.status()).as("status with a wrong token").isEqualTo(401);
      ApiClient.Reply with = new ApiClient(url, "file-token-123", Duration.ofSeconds(10))
          .get("/system/multi-instance/status");
      assertThat(with.status()).as("status with the file's token: %s", with.body()).isEqualTo(200);
      String commandLine = Files.readString(Path.of("/proc", Long.toString(serve.pid()), "cmdline"));
      assertThat(commandLine).as("/proc/PID/cmdline of mio serve").doesNotContain("file-token-123");
    } finally {
      serve.destroy();
      if (!serve.waitFor(30, TimeUnit.SECONDS)) {
        serve.destroyForcibly();
      }
    }
  }
}
