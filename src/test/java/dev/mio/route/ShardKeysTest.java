package dev.mio.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShardKeysTest {

  @Test
  void header_wins_over_query_and_path() {
    assertThat(ShardKeys.keyOf("user-7", "/work?key=9")).isEqualTo("user-7");
  }

  @Test
  void query_parameter_key_is_used_percent_decoded_when_no_header() {
    assertThat(ShardKeys.keyOf(null, "/work?cpuMicros=200&key=42")).isEqualTo("42");
    assertThat(ShardKeys.keyOf("", "/work?key=a%20b%C3%A9")).isEqualTo("a bé");
  }

  @Test
  void path_is_used_when_neither_header_nor_key_parameter() {
    assertThat(ShardKeys.keyOf(null, "/users/17")).isEqualTo("/users/17");
    assertThat(ShardKeys.keyOf(null, "/users/17?x=1&key=")).isEqualTo("/users/17");
  }

  @Test
  void plus_in_the_key_parameter_is_a_space_and_parts_can_be_given_apart() {
    assertThat(ShardKeys.keyOf(null, "/w?key=a+b")).isEqualTo("a b");
    assertThat(ShardKeys.keyOf(null, "x=1&key=7", "/w")).isEqualTo("7");
    assertThat(ShardKeys.keyOf(null, null, "/w")).isEqualTo("/w");
  }
}
