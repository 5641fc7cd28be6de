package dev.mio.load;

import io.vertx.core.Vertx;
import org.HdrHistogram.Recorder;

/**
 * How the load driver runs, beyond the workload itself.
 *
 * @param lanes event-loop lanes the connections are spread over (0 = min(connections, available processors))
 * @param seed seed of the key samplers, so a run's key sequence can be repeated
 * @param vertx a Vert.x instance to run on (the caller closes it), or {@code null} for one owned by the driver
 * @param actualSendLatencyMicros if not null, also receives every response's latency measured from the
 *     <em>actual</em> send time in µs — the figure without coordinated-omission correction, for comparison
 */
public record DriverOptions(int lanes, long seed, Vertx vertx, Recorder actualSendLatencyMicros) {

  public DriverOptions {
    if (lanes < 0 || lanes > 256) {
      throw new IllegalArgumentException("lanes must be 0..256 (0 = automatic), was " + lanes);
    }
  }

  /** Automatic lanes, a fixed seed, an owned Vert.x and no uncorrected histogram. */
  public static DriverOptions defaults() {
    return new DriverOptions(0, 0x6d696fL, null, null);
  }

  /** These options with another lane count. */
  public DriverOptions withLanes(int newLanes) {
    return new DriverOptions(newLanes, seed, vertx, actualSendLatencyMicros);
  }

  /** These options with a Vert.x instance owned by the caller. */
  public DriverOptions withVertx(Vertx sharedVertx) {
    return new DriverOptions(lanes, seed, sharedVertx, actualSendLatencyMicros);
  }

  /** These options with a recorder that also receives latencies from the actual send time. */
  public DriverOptions withActualSendLatency(Recorder micros) {
    return new DriverOptions(lanes, seed, vertx, micros);
  }
}
