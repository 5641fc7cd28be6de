package dev.mio.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ShardRouterTest {

  @Test
  void picks_the_replica_with_fewest_outstanding_requests() {
    Replica a = Replica.alwaysReady(0, 0, "127.0.0.1", 1000);
    Replica b = Replica.alwaysReady(2, 0, "127.0.0.1", 1002);
    ShardRouter router = ShardRouter.of(2, List.of(a, b, Replica.alwaysReady(1, 1, "127.0.0.1", 1001)));
    a.acquire();
    a.acquire();
    b.acquire();
    for (int i = 0; i < 10; i++) {
      assertThat(router.pick(0)).as("pick %d with a=2, b=1 outstanding", i).isSameAs(b);
    }
    b.acquire();
    b.acquire();
    assertThat(router.pick(0)).isSameAs(a);
  }

  @Test
  void ties_are_broken_round_robin() {
    Replica a = Replica.alwaysReady(0, 0, "127.0.0.1", 1000);
    Replica b = Replica.alwaysReady(2, 0, "127.0.0.1", 1002);
    Replica c = Replica.alwaysReady(4, 0, "127.0.0.1", 1004);
    ShardRouter router = ShardRouter.of(2, List.of(a, b, c));
    Map<Integer, Integer> picks = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      picks.merge(router.pick(0).instanceId(), 1, Integer::sum);
    }
    assertThat(picks).as("picks per instance with equal load").containsEntry(0, 100).containsEntry(2, 100)
        .containsEntry(4, 100);
  }

  @Test
  void skips_replicas_that_are_not_ready_and_reports_a_shard_with_none() {
    AtomicBoolean aReady = new AtomicBoolean(false);
    AtomicBoolean bReady = new AtomicBoolean(true);
    Replica a = new Replica(0, 0, "127.0.0.1", 1000, aReady::get);
    Replica b = new Replica(2, 0, "127.0.0.1", 1002, bReady::get);
    ShardRouter router = ShardRouter.of(2, List.of(a, b));
    for (int i = 0; i < 5; i++) {
      assertThat(router.pick(0)).isSameAs(b);
    }
    bReady.set(false);
    assertThat(router.pick(0)).as("no replica ready in shard 0").isNull();
    assertThat(router.pick(1)).as("shard 1 has no replica at all").isNull();
    assertThat(ShardRouter.noReadyReplicaMessage(1)).isEqualTo("no ready replica in shard 1");
    aReady.set(true);
    assertThat(router.pick(0)).as("readiness is read live").isSameAs(a);
  }

  @Test
  void routes_a_key_to_a_replica_of_its_shard() {
    ShardRouter router = ShardRouter.of(3, List.of(Replica.alwaysReady(0, 0, "h", 1), Replica.alwaysReady(1, 1, "h", 2),
        Replica.alwaysReady(2, 2, "h", 3)));
    for (int k = 0; k < 100; k++) {
      String key = Integer.toString(k);
      assertThat(router.pickForKey(key).shardId()).isEqualTo(router.shardOf(key))
          .isEqualTo(JumpConsistentHash.bucket(ShardKeyHash.hash64(key), 3));
    }
  }
}
