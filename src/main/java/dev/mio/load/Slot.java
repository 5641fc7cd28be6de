package dev.mio.load;

import dev.mio.route.Replica;

/** One unit of concurrency: at most one request outstanding, on one connection. Confined to its lane's event loop. */
final class Slot {
  final int index;
  boolean busy;
  Replica replica;
  Connection connection;
  long intendedNanos;
  long sentNanos;
  long deadlineNanos;

  Slot(int index) {
    this.index = index;
  }

  /** Marks a new request in flight. */
  void begin(Replica target, long intended, long sent, long deadline) {
    busy = true;
    replica = target;
    intendedNanos = intended;
    sentNanos = sent;
    deadlineNanos = deadline;
    connection = null;
  }

  /** Ends the request in flight. */
  void finish() {
    busy = false;
    replica = null;
    connection = null;
  }
}
