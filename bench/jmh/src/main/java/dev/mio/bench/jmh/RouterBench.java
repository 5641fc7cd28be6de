package dev.mio.bench.jmh;

import dev.mio.route.Replica;
import dev.mio.route.ShardRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of routing one request as the front door does: key → shard ({@link ShardRouter#shardOf(String)}: the
 * documented 64-bit hash, then Jump Consistent Hash) → replica (least outstanding, ties round-robin), then
 * {@link Replica#acquire()} and {@link Replica#release()}; and the replica pick alone, as the load driver does with
 * its precomputed key → shard table.
 *
 * <p>Run: {@code bench/jmh.sh RouterBench} (add {@code -t 2} for two event loops picking at once).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBench {
  private static final int MASK = 1023;

  /** Deployment shapes: instances x shards. */
  @Param({"4x2", "16x4"})
  public String shape;

  private ShardRouter router;
  private final String[] keys = new String[MASK + 1];
  private final int[] shards = new int[MASK + 1];

  /** A router over always-ready replicas and 1024 keys named as the driver names them. */
  @Setup(Level.Trial)
  public void setUp() {
    String[] parts = shape.split("x");
    int n = Integer.parseInt(parts[0]);
    int s = Integer.parseInt(parts[1]);
    List<Replica> replicas = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      replicas.add(Replica.alwaysReady(i, i % s, "127.0.0.1", 20_000 + i));
    }
    router = ShardRouter.of(s, replicas);
    for (int k = 0; k <= MASK; k++) {
      keys[k] = Integer.toString(k * 7919);
      shards[k] = router.shardOf(keys[k]);
    }
  }

  /** Per-thread cursor over the keys. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  /** Front door: key → shard → replica, acquire, release. */
  @Benchmark
  public int keyToReplicaAcquireRelease(Cursor cursor) {
    Replica r = router.pickForKey(keys[cursor.next++ & MASK]);
    r.acquire();
    r.release();
    return r.instanceId();
  }

  /** Load driver: shard (precomputed) → replica, acquire, release. */
  @Benchmark
  public int shardToReplicaAcquireRelease(Cursor cursor) {
    Replica r = router.pick(shards[cursor.next++ & MASK]);
    r.acquire();
    r.release();
    return r.instanceId();
  }
}
