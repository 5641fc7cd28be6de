package dev.mio.metrics;

import java.util.List;
import java.util.Objects;

/**
 * An immutable view of a {@link RunRecorder}: window figures per instance, per shard and in total, and the
 * phase's request accounting.
 *
 * @param windowState whether the window has not opened yet, is open, or is closed
 * @param windowNanos length of the window so far (or in total once closed), in nanoseconds
 * @param perInstance window figures indexed by instance id
 * @param perShard window figures indexed by shard id (its instances merged)
 * @param total window figures of the whole deployment
 * @param accounting request accounting of the whole phase, all instances
 * @param accountingPerInstance request accounting of the phase indexed by instance id
 */
public record RecorderSnapshot(
    WindowState windowState,
    long windowNanos,
    List<WindowFigures> perInstance,
    List<WindowFigures> perShard,
    WindowFigures total,
    Accounting accounting,
    List<Accounting> accountingPerInstance) {

  /** Where the measured window stands. */
  public enum WindowState {
    /** Not opened yet (warm-up): window figures are empty. */
    NOT_OPENED,
    /** Open: figures so far. */
    OPEN,
    /** Closed: final figures. */
    CLOSED
  }

  public RecorderSnapshot {
    Objects.requireNonNull(windowState, "windowState");
    perInstance = List.copyOf(perInstance);
    perShard = List.copyOf(perShard);
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(accounting, "accounting");
    accountingPerInstance = List.copyOf(accountingPerInstance);
  }

  /** Responses per shard in the window, indexed by shard id (the report's {@code requestDistribution}). */
  public long[] responsesPerShard() {
    long[] out = new long[perShard.size()];
    for (int s = 0; s < out.length; s++) {
      out[s] = perShard.get(s).responses();
    }
    return out;
  }
}
