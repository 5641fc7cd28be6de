package dev.mio.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw-socket HTTP responder on 127.0.0.1 port 0 that answers each request with exact bytes from a script (so
 * tests can send what Vert.x's server never would: chunked, close-delimited, interim, broken responses), then
 * keeps the connection, closes it, or resets it. It counts connections and requests itself (the ground truth).
 */
final class ScriptedTarget implements AutoCloseable {
  /** What to do with the connection after writing a response. */
  enum After { KEEP, CLOSE, RESET }

  /** One scripted answer. */
  record Answer(byte[] bytes, After after) {
    static Answer of(String wire, After after) {
      return new Answer(wire.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), after);
    }
  }

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "scripted-target");
    t.setDaemon(true);
    return t;
  });
  private final List<Answer> script;
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  /** Answers request n (counted over all connections) with {@code script.get(n % size)}. */
  ScriptedTarget(List<Answer> script) throws IOException {
    this.script = List.copyOf(script);
    this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far. */
  long connections() {
    return connections.get();
  }

  /** Requests read so far (a request is its whole head). */
  long requests() {
    return requests.get();
  }

  /** Answers written in full so far. */
  long answered() {
    return answered.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        connections.incrementAndGet();
        open.add(s);
        threads.execute(() -> serve(s));
      } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      while (readRequestHead(in)) {
        long n = requests.getAndIncrement();
        Answer a = script.get((int) (n % script.size()));
        if (a.after() == After.RESET) {
          out.write(a.bytes());
          out.flush();
          s.setSoLinger(true, 0); // close now sends RST
          return;
        }
        out.write(a.bytes());
        out.flush();
        answered.incrementAndGet();
        if (a.after() == After.CLOSE) {
          return;
        }
      }
    } catch (IOException e) {
      // the driver closed or reset the connection
    } finally {
      open.remove(s);
    }
  }

  /** Reads up to the blank line that ends a request head; false at end of stream. */
  private static boolean readRequestHead(InputStream in) throws IOException {
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return false;
      }
      boolean expectCr = matched == 0 || matched == 2;
      if ((expectCr && b == '\r') || (!expectCr && b == '\n')) {
        matched++;
      } else {
        matched = b == '\r' ? 1 : 0;
      }
    }
    return true;
  }

  @Override
  public void close() throws Exception {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    threads.shutdownNow();
    threads.awaitTermination(5, TimeUnit.SECONDS);
  }
}
