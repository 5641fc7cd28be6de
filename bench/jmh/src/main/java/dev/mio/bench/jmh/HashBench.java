package dev.mio.bench.jmh;

import dev.mio.route.JumpConsistentHash;
import dev.mio.route.ShardKeyHash;
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
 * Cost of the documented shard-key hash {@link ShardKeyHash#hash64(String)} (UTF-8 bytes of the key, 64-bit) for a
 * short numeric key, a 36-character UUID-like key and a non-ASCII key, and of Jump Consistent Hash on top.
 *
 * <p>Run: {@code bench/jmh.sh HashBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashBench {
  /** Key shapes. */
  @Param({"short", "uuid", "utf8"})
  public String kind;

  private String key;

  /** Picks the key of this shape. */
  @Setup(Level.Trial)
  public void setUp() {
    if (kind.equals("short")) {
      key = "4711";
    } else if (kind.equals("uuid")) {
      key = "3f2b8c1e-9a4d-4e7b-b6c2-1d5e8f9a0b3c";
    } else {
      key = "grüße-schlüssel-κλειδί";
    }
  }

  /** hash64 of the key. */
  @Benchmark
  public long hash64() {
    return ShardKeyHash.hash64(key);
  }

  /** hash64 then Jump Consistent Hash into 16 shards: the whole key → shard function. */
  @Benchmark
  public int keyToShard16() {
    return JumpConsistentHash.bucket(ShardKeyHash.hash64(key), 16);
  }
}
