package dev.mio.metrics;

/** The one bucket every request the driver or the front door starts ends in. */
public enum Outcome {
  /** A 1xx, 2xx or 3xx response was received. */
  OK,
  /** A 4xx response was received. */
  HTTP_4XX,
  /** A 5xx response was received. */
  HTTP_5XX,
  /** The connection could not be made. */
  CONNECT_ERROR,
  /** No full response within the per-request time-out. */
  TIMEOUT,
  /** The connection was reset or another I/O error ended the request. */
  IO_ERROR,
  /** Still in flight when the phase stopped. */
  CANCELLED;

  /** The bucket of a received response with this HTTP status. */
  public static Outcome ofStatus(int status) {
    if (status >= 500) {
      return HTTP_5XX;
    }
    if (status >= 400) {
      return HTTP_4XX;
    }
    return OK;
  }
}
