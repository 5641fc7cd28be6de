package dev.mio.report;

/**
 * Where every request started in a phase ended: exactly one bucket each, so {@code sent} equals their sum.
 *
 * @param sent requests started
 */
public record Accounting(
    long sent, long ok, long http4xx, long http5xx, long connectErrors, long timeouts, long ioErrors, long cancelled) {

  /** The sum of all buckets. */
  public long ended() {
    return ok + http4xx + http5xx + connectErrors + timeouts + ioErrors + cancelled;
  }

  /** Whether every started request ended in exactly one bucket. */
  public boolean isBalanced() {
    return sent == ended();
  }
}
