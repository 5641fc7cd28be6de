package dev.mio.launch.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Picks free TCP ports on 127.0.0.1 by letting the kernel choose (bind port 0), never twice in one launcher. */
final class PortAllocator {
  private static final int ATTEMPTS = 20;
  private final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

  /** A port that was free a moment ago and that this allocator has not handed out before. */
  int allocate() {
    for (int i = 0; i < ATTEMPTS; i++) {
      int port = bindAndRelease(0);
      if (port > 0 && handedOut.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port on 127.0.0.1 after " + ATTEMPTS + " attempts");
  }

  /** Whether nobody listens on {@code port} right now (it can be bound). */
  static boolean isFree(int port) {
    return bindAndRelease(port) == port;
  }

  private static int bindAndRelease(int port) {
    try (ServerSocket s = new ServerSocket()) {
      // the instance will bind it with SO_REUSEADDR like most servers; match that so TIME_WAIT is no obstacle
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return s.getLocalPort();
    } catch (IOException e) {
      return -1;
    }
  }
}
