package dev.mio.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OffHeapStoreTest {

  @Test
  void counts_cumulative_allocations_and_refuses_past_the_bound_with_either_backing() {
    for (boolean useUnsafe : new boolean[] {true, false}) {
      OffHeapStore store = new OffHeapStore(8, useUnsafe);
      assertThat(store.allocate(3)).as("unsafe=%s", useUnsafe).isEqualTo(3);
      assertThat(store.allocate(5)).as("unsafe=%s", useUnsafe).isEqualTo(8);
      assertThatThrownBy(() -> store.allocate(1)).as("unsafe=%s", useUnsafe)
          .isInstanceOf(BadParameterException.class).hasMessageContaining("bound of 8 MB");
      assertThat(store.free()).isEqualTo(8);
      assertThat(store.retainedMb()).isZero();
      assertThat(store.allocate(8)).isEqualTo(8);
      store.free();
    }
  }
}
