package dev.mio.worker;

/** The worker's paths; {@link #OTHER} stands for every unknown path so counts stay bounded. */
public enum Endpoint {
  HEALTH("/health"),
  WORK("/work"),
  SLEEP("/sleep"),
  ALLOC("/alloc"),
  FREE("/free"),
  STATS("/stats"),
  STALL("/stall"),
  OTHER("other");

  private static final Endpoint[] VALUES = values();

  private final String path;

  Endpoint(String path) {
    this.path = path;
  }

  /** The request path this endpoint answers, or {@code "other"} for unknown paths. */
  public String path() {
    return path;
  }

  /** Returns the endpoint serving {@code requestPath}, or {@link #OTHER}. */
  public static Endpoint of(String requestPath) {
    for (Endpoint endpoint : VALUES) {
      if (endpoint != OTHER && endpoint.path.equals(requestPath)) {
        return endpoint;
      }
    }
    return OTHER;
  }
}
