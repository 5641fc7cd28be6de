package dev.mio.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryParametersTest {

  @Test
  void reads_the_named_parameter_among_others() {
    assertThat(QueryParameters.boundedLong("key=abc&cpuMicros=200&x", "cpuMicros", 1_000))
        .isEqualTo(200);
    assertThat(QueryParameters.boundedLong("ms=0", "ms", 10)).isZero();
    assertThat(QueryParameters.boundedLong("mb=10", "mb", 10)).isEqualTo(10);
  }

  @Test
  void does_not_confuse_a_parameter_with_one_that_shares_its_prefix_or_value() {
    assertThat(QueryParameters.boundedLong("msx=5&key=ms=9&ms=7", "ms", 100)).isEqualTo(7);
    assertThat(QueryParameters.find("xms=1", "ms")).isNull();
  }

  @Test
  void the_first_occurrence_wins() {
    assertThat(QueryParameters.boundedLong("ms=1&ms=2", "ms", 100)).isEqualTo(1);
  }

  @Test
  void missing_non_numeric_negative_and_over_bound_values_name_the_parameter() {
    String[] queries = {null, "", "other=1", "ms", "ms=", "ms=abc", "ms=1.5", "ms=-1", "ms=101",
        "ms=99999999999999999999"};
    for (String query : queries) {
      assertThatThrownBy(() -> QueryParameters.boundedLong(query, "ms", 100))
          .as("query %s", query)
          .isInstanceOf(BadParameterException.class)
          .hasMessageContaining("'ms'")
          .extracting(e -> ((BadParameterException) e).parameter()).isEqualTo("ms");
    }
  }

  @Test
  void echoes_at_most_a_clipped_bad_value() {
    String longValue = "x".repeat(500);
    assertThatThrownBy(() -> QueryParameters.boundedLong("ms=" + longValue, "ms", 100))
        .hasMessageContaining("x".repeat(40) + "...")
        .hasMessageNotContaining("x".repeat(41));
  }
}
