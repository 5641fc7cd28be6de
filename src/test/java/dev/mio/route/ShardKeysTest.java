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

  @Test
  void non_ascii_header_key_as_parsed_from_the_wire_lands_where_the_same_query_key_does() {
    String key = "bé-用户-7";
    // What an HTTP/1.1 parser hands over for the UTF-8 bytes of the key: one char per byte.
    String wire = new String(key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    String queryKey = ShardKeys.keyOf(null, "/w?key=b%C3%A9-%E7%94%A8%E6%88%B7-7");
    assertThat(queryKey).isEqualTo(key);
    for (int shards = 1; shards <= 64; shards++) {
      assertThat(ShardKeys.shardOfHeaderValue(wire, shards)).as("shard of the header key in %d shards", shards)
          .isEqualTo(ShardRouter.shardOf(queryKey, shards));
    }
    assertThat(ShardKeys.shardOfHeaderValue("user-7", 16)).isEqualTo(ShardRouter.shardOf("user-7", 16));
  }
}
