package dev.mio.worker;

/** A request's query parameter is missing or out of its rule; the worker answers 400 naming it. */
public final class BadParameterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String parameter;

  /** Creates the exception for {@code parameter}, with a message saying the rule it broke. */
  public BadParameterException(String parameter, String message) {
    super(message, null, false, false);
    this.parameter = parameter;
  }

  /** The name of the offending query parameter. */
  public String parameter() {
    return parameter;
  }
}
