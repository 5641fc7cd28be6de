package dev.mio.supervise;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One HTTP/1.1 GET of an instance's health path over a fresh connection: ready means a 2xx status line.
 * Plain socket on purpose: it costs no threads, and a refused connection (not listening yet) fails at once.
 */
public final class HealthProbe {
  private final String host;
  private final int port;
  private final String url;
  private final byte[] request;
  private final int timeoutMillis;

  /**
   * A probe of {@code http://host:port/path}.
   *
   * @param timeout connect and read time-out of one probe
   */
  public HealthProbe(String host, int port, String path, Duration timeout) {
    this.host = Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/', was " + path);
    }
    this.port = port;
    this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
    this.url = "http://" + host + ":" + port + path;
    this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
        + "\r\nUser-Agent: mio-health\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** The URL probed, for messages. */
  public String url() {
    return url;
  }

  /** Whether the health path answers 2xx now; any error or time-out is "not ready". */
  public boolean isHealthy() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      return isSuccessStatusLine(socket.getInputStream());
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isSuccessStatusLine(InputStream in) throws IOException {
    // "HTTP/1.x 2xx": the status code's first digit is byte 9
    byte[] head = new byte[12];
    int n = 0;
    while (n < head.length) {
      int r = in.read(head, n, head.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n >= 12 && head[0] == 'H' && head[1] == 'T' && head[2] == 'T' && head[3] == 'P' && head[9] == '2';
  }
}
