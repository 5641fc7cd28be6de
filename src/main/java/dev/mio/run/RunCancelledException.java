package dev.mio.run;

/** A start was cancelled by a stop before the deployment ran; everything it launched has been stopped. */
public final class RunCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A cancellation with the phase it happened in. */
  public RunCancelledException(String message) {
    super(message);
  }
}
