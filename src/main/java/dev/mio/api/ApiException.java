package dev.mio.api;

/** An API call that cannot be served as asked: carries the HTTP status and the offending field, if any. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String field;

  /** An error answered with {@code status} and a JSON body naming {@code field} (null when no field is at fault). */
  public ApiException(int status, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  /** A 400 naming the field at fault. */
  public static ApiException badField(String field, String message) {
    return new ApiException(400, message, field);
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }

  /** The request field at fault, or null. */
  public String field() {
    return field;
  }
}
