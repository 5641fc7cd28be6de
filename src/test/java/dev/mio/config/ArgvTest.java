package dev.mio.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArgvTest {
  @Test
  void splits_on_whitespace_like_a_shell() {
    assertThat(Argv.split("  node  server.js --port {port} ")).containsExactly("node", "server.js", "--port", "{port}");
  }

  @Test
  void keeps_quoted_words_together_and_removes_the_quotes() {
    assertThat(Argv.split("sh -c 'exec worker --port {port}' \"a b\"c"))
        .containsExactly("sh", "-c", "exec worker --port {port}", "a bc");
  }

  @Test
  void honours_backslash_escapes_outside_and_inside_double_quotes() {
    assertThat(Argv.split("a\\ b \"x\\\"y\" 'no\\escape'")).containsExactly("a b", "x\"y", "no\\escape");
  }

  @Test
  void does_not_expand_variables_or_globs() {
    assertThat(Argv.split("echo $HOME *")).containsExactly("echo", "$HOME", "*");
  }

  @Test
  void rejects_unclosed_quotes_and_empty_commands() {
    assertThatThrownBy(() -> Argv.split("sh -c 'oops")).hasMessageContaining("unclosed single quote");
    assertThatThrownBy(() -> Argv.split("say \"oops")).hasMessageContaining("unclosed double quote");
    assertThatThrownBy(() -> Argv.split("   ")).hasMessageContaining("empty");
  }
}
