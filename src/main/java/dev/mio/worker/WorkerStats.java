package dev.mio.worker;

import java.util.concurrent.atomic.AtomicLongArray;

/** The worker's own count of the responses it served: the ground truth tests compare against. */
public final class WorkerStats {

  private static final Endpoint[] ENDPOINTS = Endpoint.values();

  private final AtomicLongArray byEndpoint = new AtomicLongArray(ENDPOINTS.length);
  private final AtomicLongArray byStatusClass = new AtomicLongArray(6);

  /** Counts one response to {@code endpoint} with HTTP {@code status}; call before it is sent. */
  public void record(Endpoint endpoint, int status) {
    byEndpoint.incrementAndGet(endpoint.ordinal());
    int statusClass = status / 100;
    if (statusClass >= 1 && statusClass <= 5) {
      byStatusClass.incrementAndGet(statusClass);
    }
  }

  /** Responses served to {@code endpoint} so far. */
  public long served(Endpoint endpoint) {
    return byEndpoint.get(endpoint.ordinal());
  }

  /** Responses served except those to {@code /stats} and {@code /health}, any status. */
  public long requests() {
    long total = 0;
    for (Endpoint endpoint : ENDPOINTS) {
      if (endpoint != Endpoint.STATS && endpoint != Endpoint.HEALTH) {
        total += byEndpoint.get(endpoint.ordinal());
      }
    }
    return total;
  }

  /** Renders the counts, with the worker's identity and retained off-heap memory, as JSON. */
  public String toJson(int instanceId, int shardId, long retainedMb) {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"instanceId\":").append(instanceId)
        .append(",\"shardId\":").append(shardId)
        .append(",\"requests\":").append(requests())
        .append(",\"health\":").append(served(Endpoint.HEALTH))
        .append(",\"byPath\":{");
    for (int i = 0; i < ENDPOINTS.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append('"').append(ENDPOINTS[i].path()).append("\":").append(byEndpoint.get(i));
    }
    out.append("},\"byStatus\":{");
    for (int statusClass = 1; statusClass <= 5; statusClass++) {
      if (statusClass > 1) {
        out.append(',');
      }
      out.append("\"").append(statusClass).append("xx\":").append(byStatusClass.get(statusClass));
    }
    return out.append("},\"retainedMb\":").append(retainedMb).append('}').toString();
  }
}
