package dev.mio.route;

import dev.mio.launch.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Routes a key to its shard (the documented hash, then Jump Consistent Hash) and a shard to one of its ready
 * replicas (least outstanding requests, ties round-robin); lock-free and allocation-free.
 */
public final class ShardRouter {
  private final int shardCount;
  private final Replica[][] replicasByShard;
  private final List<Replica> replicas;
  // One round-robin cursor per shard, padded 16 ints apart so shards do not share a cache line.
  private static final int PAD = 16;
  private final AtomicIntegerArray cursors;

  private ShardRouter(int shardCount, List<Replica> replicas) {
    if (shardCount < 1) {
      throw new IllegalArgumentException("shardCount must be at least 1, was " + shardCount);
    }
    this.shardCount = shardCount;
    this.replicas = List.copyOf(replicas);
    List<List<Replica>> grouped = new ArrayList<>();
    for (int s = 0; s < shardCount; s++) {
      grouped.add(new ArrayList<>());
    }
    for (Replica r : this.replicas) {
      if (r.shardId() >= shardCount) {
        throw new IllegalArgumentException(
            "replica shardId must be < shardCount " + shardCount + ", was " + r.shardId() + " for " + r);
      }
      grouped.get(r.shardId()).add(r);
    }
    this.replicasByShard = new Replica[shardCount][];
    for (int s = 0; s < shardCount; s++) {
      replicasByShard[s] = grouped.get(s).toArray(new Replica[0]);
    }
    this.cursors = new AtomicIntegerArray(shardCount * PAD);
  }

  /** A router over the given replicas in {@code shardCount} shards; a shard may have no replica (never ready). */
  public static ShardRouter of(int shardCount, List<Replica> replicas) {
    return new ShardRouter(shardCount, replicas);
  }

  /** A router over launched instances, each ready when {@link Instance#isReady()} says so. */
  public static ShardRouter forInstances(int shardCount, List<? extends Instance> instances) {
    List<Replica> list = new ArrayList<>(instances.size());
    for (Instance i : instances) {
      list.add(Replica.of(i));
    }
    return new ShardRouter(shardCount, list);
  }

  /** The shard of a key: {@code JumpConsistentHash.bucket(ShardKeyHash.hash64(key), S)}. */
  public static int shardOf(String key, int shardCount) {
    return JumpConsistentHash.bucket(ShardKeyHash.hash64(key), shardCount);
  }

  /** The shard of a key in this router's shard count. */
  public int shardOf(String key) {
    return shardOf(key, shardCount);
  }

  /** Number of shards S. */
  public int shardCount() {
    return shardCount;
  }

  /** Every replica, in the order given. */
  public List<Replica> replicas() {
    return replicas;
  }

  /** The replicas of one shard, in the order given. */
  public List<Replica> replicasOf(int shardId) {
    checkShard(shardId);
    return List.of(replicasByShard[shardId]);
  }

  /**
   * The ready replica of the shard with the fewest outstanding requests, ties broken round-robin, or
   * {@code null} when no replica of the shard is ready (the front door answers 503, see
   * {@link #noReadyReplicaMessage(int)}). The caller {@linkplain Replica#acquire() acquires} the replica it uses.
   */
  public Replica pick(int shardId) {
    checkShard(shardId);
    Replica[] candidates = replicasByShard[shardId];
    int n = candidates.length;
    if (n == 0) {
      return null;
    }
    int start = n == 1 ? 0 : Math.floorMod(cursors.getAndIncrement(shardId * PAD), n);
    Replica best = null;
    int bestOutstanding = Integer.MAX_VALUE;
    for (int k = 0; k < n; k++) {
      int idx = start + k;
      Replica r = candidates[idx >= n ? idx - n : idx];
      int load = r.outstanding();
      // Strictly fewer wins, so the first of equals after the rotating start is chosen: round-robin on ties.
      if (load < bestOutstanding && r.isReady()) {
        best = r;
        bestOutstanding = load;
      }
    }
    return best;
  }

  /** The replica for a key ({@link #pick(int)} of {@link #shardOf(String)}), or {@code null} if none is ready. */
  public Replica pickForKey(String key) {
    return pick(shardOf(key));
  }

  /** The message for a shard with no ready replica, e.g. {@code "no ready replica in shard 1"}. */
  public static String noReadyReplicaMessage(int shardId) {
    return "no ready replica in shard " + shardId;
  }

  private void checkShard(int shardId) {
    if (shardId < 0 || shardId >= shardCount) {
      throw new IllegalArgumentException("shardId must be 0.." + (shardCount - 1) + ", was " + shardId);
    }
  }
}
