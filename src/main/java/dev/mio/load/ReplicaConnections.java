package dev.mio.load;

import dev.mio.route.Replica;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One lane's connections to one replica: the idle ones on a stack (the most recently used first, so a light load
 * keeps few connections warm), the replica's address resolved once and its encoded {@code Host} header. Confined to
 * the lane's event loop.
 */
final class ReplicaConnections {
  final Replica replica;
  final byte[] hostHeaderAndEnd;
  private final Connection[] idle;
  private int idleCount;
  private InetSocketAddress address;

  ReplicaConnections(Replica replica, int maxIdle) {
    this.replica = replica;
    String host = replica.host();
    // An IPv6 literal needs brackets in the Host header (RFC 9110 §7.2).
    String hostForHeader = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    this.hostHeaderAndEnd = ("Host: " + hostForHeader + ":" + replica.port() + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    this.idle = new Connection[maxIdle];
    this.address = new InetSocketAddress(host, replica.port());
  }

  /** The address to connect to; a host name that did not resolve is tried again at the next connect. */
  InetSocketAddress address() {
    if (address.isUnresolved()) {
      address = new InetSocketAddress(replica.host(), replica.port());
    }
    return address;
  }

  /** The most recently parked live connection, or null when there is none. */
  Connection takeIdle() {
    while (idleCount > 0) {
      Connection c = idle[--idleCount];
      idle[idleCount] = null;
      if (c.isOpen()) {
        return c;
      }
    }
    return null;
  }

  /** Parks a connection that may carry another request; a full stack closes it instead. */
  void park(Connection c) {
    if (idleCount < idle.length) {
      idle[idleCount++] = c;
    } else {
      c.close();
    }
  }

  /** Forgets a connection that closed while parked. */
  void remove(Connection c) {
    for (int i = 0; i < idleCount; i++) {
      if (idle[i] == c) {
        System.arraycopy(idle, i + 1, idle, i, idleCount - i - 1);
        idle[--idleCount] = null;
        return;
      }
    }
  }
}
