package dev.mio.metrics;

/**
 * Where every request started in a phase ended: one bucket per {@link Outcome}, plus those still in flight.
 *
 * @param sent requests started
 * @param ok requests answered 1xx/2xx/3xx
 * @param http4xx requests answered 4xx
 * @param http5xx requests answered 5xx
 * @param connectError requests whose connection could not be made
 * @param timeout requests without a full response within the time-out
 * @param ioError requests ended by a reset or another I/O error
 * @param cancelled requests still in flight when the phase stopped
 */
public record Accounting(
    long sent, long ok, long http4xx, long http5xx, long connectError, long timeout, long ioError, long cancelled) {

  public Accounting {
    if (sent < 0 || ok < 0 || http4xx < 0 || http5xx < 0 || connectError < 0 || timeout < 0 || ioError < 0
        || cancelled < 0) {
      throw new IllegalArgumentException("every accounting count must be ≥ 0");
    }
  }

  /** Accounting from the sent count and counts indexed by {@link Outcome#ordinal()}. */
  public static Accounting of(long sent, long[] byOutcome) {
    if (byOutcome.length != Outcome.values().length) {
      throw new IllegalArgumentException("byOutcome must have one count per Outcome, had " + byOutcome.length);
    }
    return new Accounting(sent, byOutcome[Outcome.OK.ordinal()], byOutcome[Outcome.HTTP_4XX.ordinal()],
        byOutcome[Outcome.HTTP_5XX.ordinal()], byOutcome[Outcome.CONNECT_ERROR.ordinal()],
        byOutcome[Outcome.TIMEOUT.ordinal()], byOutcome[Outcome.IO_ERROR.ordinal()],
        byOutcome[Outcome.CANCELLED.ordinal()]);
  }

  /** The count of one bucket. */
  public long count(Outcome outcome) {
    switch (outcome) {
      case OK:
        return ok;
      case HTTP_4XX:
        return http4xx;
      case HTTP_5XX:
        return http5xx;
      case CONNECT_ERROR:
        return connectError;
      case TIMEOUT:
        return timeout;
      case IO_ERROR:
        return ioError;
      default:
        return cancelled;
    }
  }

  /** The sum over all buckets. */
  public long sumOfBuckets() {
    return ok + http4xx + http5xx + connectError + timeout + ioError + cancelled;
  }

  /** Requests started but not yet in a bucket: 0 once the phase has stopped. */
  public long inFlight() {
    return sent - sumOfBuckets();
  }

  /** Whether every started request is in exactly one bucket ({@code sent == Σ buckets}). */
  public boolean isBalanced() {
    return sent == sumOfBuckets();
  }

  /** Responses of any status. */
  public long responses() {
    return ok + http4xx + http5xx;
  }
}
