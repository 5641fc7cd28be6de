package dev.mio.proxy;

/** The JSON bodies of the errors the front door answers itself. */
final class ErrorBodies {
  private ErrorBodies() {}

  /** {@code {"error":"...","shard":N}} for a request that reached no instance. */
  static String shardError(String message, int shardId) {
    return "{\"error\":\"" + message + "\",\"shard\":" + shardId + "}";
  }

  /** {@code {"error":"...","shard":N,"instance":I}} for a request an instance did not answer. */
  static String instanceError(String message, int shardId, int instanceId) {
    return "{\"error\":\"" + message + "\",\"shard\":" + shardId + ",\"instance\":" + instanceId + "}";
  }

  /** {@code {"error":"..."}} for a request the front door refuses as a whole. */
  static String error(String message) {
    return "{\"error\":\"" + message + "\"}";
  }
}
