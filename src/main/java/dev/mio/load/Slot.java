package dev.mio.load;

import dev.mio.route.Replica;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * One connection's worth of load: at most one request outstanding; its generation tells a current callback from
 * a stale one (after a time-out or cancel). Confined to its lane's event loop.
 */
final class Slot {
  final int index;
  // Reused for every request of this slot: Vert.x reads it when the request is created.
  final RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET);
  Replica optionsTarget;
  long generation;
  boolean busy;
  Replica replica;
  HttpClientRequest request;
  long intendedNanos;
  long sentNanos;
  long deadlineNanos;

  Slot(int index) {
    this.index = index;
  }

  /** Marks a new request in flight and returns its generation. */
  long begin(Replica target, long intended, long sent, long deadline) {
    busy = true;
    replica = target;
    intendedNanos = intended;
    sentNanos = sent;
    deadlineNanos = deadline;
    request = null;
    return ++generation;
  }

  /** Whether a callback of generation {@code gen} still belongs to the request in flight. */
  boolean isCurrent(long gen) {
    return busy && generation == gen;
  }

  /** Ends the request in flight; later callbacks of it are stale. */
  void finish() {
    busy = false;
    generation++;
    replica = null;
    request = null;
  }
}
