package dev.mio.launch;

/** A deployment could not be launched; the message names the instance, its exit code and its last log lines. */
public final class LaunchException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An error with a message an operator can act on. */
  public LaunchException(String message) {
    super(message);
  }

  /** An error with a message an operator can act on, and its cause. */
  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
