package dev.mio.route;

import dev.mio.launch.Instance;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** A live replica of a shard as the router sees it: where it listens, whether it is ready, requests in flight. */
public final class Replica {
  private final int instanceId;
  private final int shardId;
  private final String host;
  private final int port;
  private final BooleanSupplier readiness;
  private final AtomicInteger outstanding = new AtomicInteger();

  /**
   * A replica whose readiness is read live from {@code readiness} at every pick.
   *
   * @param instanceId instance id, 0..N-1
   * @param shardId shard id, 0..S-1
   * @param host host to connect to
   * @param port TCP port, 1..65535
   * @param readiness whether requests may be routed to it now; called on the hot path, so it must be cheap
   */
  public Replica(int instanceId, int shardId, String host, int port, BooleanSupplier readiness) {
    if (instanceId < 0) {
      throw new IllegalArgumentException("instanceId must be ≥ 0, was " + instanceId);
    }
    if (shardId < 0) {
      throw new IllegalArgumentException("shardId must be ≥ 0, was " + shardId);
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }
    this.instanceId = instanceId;
    this.shardId = shardId;
    this.host = host;
    this.port = port;
    this.readiness = Objects.requireNonNull(readiness, "readiness");
  }

  /** A replica for a launched instance, ready exactly when {@link Instance#isReady()} says so. */
  public static Replica of(Instance instance) {
    return new Replica(instance.id(), instance.shardId(), instance.host(), instance.port(), instance::isReady);
  }

  /** A replica that is always ready (for targets mio did not launch and tests). */
  public static Replica alwaysReady(int instanceId, int shardId, String host, int port) {
    return new Replica(instanceId, shardId, host, port, () -> true);
  }

  /** Instance id, 0..N-1. */
  public int instanceId() {
    return instanceId;
  }

  /** Shard id this replica serves. */
  public int shardId() {
    return shardId;
  }

  /** Host to connect to. */
  public String host() {
    return host;
  }

  /** TCP port to connect to. */
  public int port() {
    return port;
  }

  /** Whether requests may be routed to it now. */
  public boolean isReady() {
    return readiness.getAsBoolean();
  }

  /** Requests routed to it and not yet released. */
  public int outstanding() {
    return outstanding.get();
  }

  /** Counts one more request in flight on this replica; pair with {@link #release()}. */
  public void acquire() {
    outstanding.incrementAndGet();
  }

  /** Counts one request of this replica as finished, whatever its outcome. */
  public void release() {
    outstanding.decrementAndGet();
  }

  @Override
  public String toString() {
    return "Replica{instance=" + instanceId + ", shard=" + shardId + ", " + host + ":" + port + "}";
  }
}
