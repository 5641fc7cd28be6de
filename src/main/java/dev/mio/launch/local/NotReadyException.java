package dev.mio.launch.local;

/** Why an instance's first start failed, carrying the message for the operator. */
final class NotReadyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotReadyException(String message) {
    super(message, null, false, false);
  }
}
