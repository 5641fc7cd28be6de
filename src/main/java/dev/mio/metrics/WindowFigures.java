package dev.mio.metrics;

import java.util.Objects;

/**
 * Responses of one instance, one shard or the whole deployment that completed inside the measured window.
 *
 * @param id instance id or shard id; -1 for the whole deployment
 * @param responses responses of any status
 * @param ok 1xx/2xx/3xx responses
 * @param http4xx 4xx responses
 * @param http5xx 5xx responses
 * @param windowNanos length of the window so far (or in total once closed), in nanoseconds
 * @param latency latency of those responses
 */
public record WindowFigures(
    int id, long responses, long ok, long http4xx, long http5xx, long windowNanos, LatencySummary latency) {

  public WindowFigures {
    Objects.requireNonNull(latency, "latency");
    if (ok < 0 || http4xx < 0 || http5xx < 0 || windowNanos < 0) {
      throw new IllegalArgumentException("counts and windowNanos must be ≥ 0");
    }
    if (responses != ok + http4xx + http5xx) {
      throw new IllegalArgumentException(
          "responses must equal ok + 4xx + 5xx, was " + responses + " vs " + ok + "+" + http4xx + "+" + http5xx);
    }
  }

  /** Throughput: ok responses per second of window, or {@code null} while the window has no length. */
  public Double throughputPerSecond() {
    return windowNanos <= 0 ? null : ok * 1e9 / windowNanos;
  }

  /** Responses of any status per second of window, or {@code null} while the window has no length. */
  public Double responsesPerSecond() {
    return windowNanos <= 0 ? null : responses * 1e9 / windowNanos;
  }
}
