package dev.mio.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * An independent yardstick for latency tests: a blocking keep-alive HTTP/1.1 client on a plain socket that times
 * sequential GETs from the write of the request to the last byte of the response. It shares no code with mio's
 * driver, so what it measures on a service is the ground truth the driver's figures are compared with.
 */
public final class RawHttpTimer {
  private RawHttpTimer() {}

  /** The median, in ms, of {@code count} sequential GETs of {@code path} (after 5 untimed ones). */
  public static double medianMillis(String host, int port, String path, int count) throws IOException {
    double[] millis = new double[count];
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      for (int i = -5; i < count; i++) {
        long start = System.nanoTime();
        out.write(request);
        out.flush();
        readResponse(in);
        if (i >= 0) {
          millis[i] = (System.nanoTime() - start) / 1e6;
        }
      }
    }
    Arrays.sort(millis);
    return millis[count / 2];
  }

  private static void readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before the end of the response head");
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    long length = 0;
    for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring("content-length:".length()).trim());
      }
    }
    for (long left = length; left > 0; left--) {
      if (in.read() < 0) {
        throw new IOException("connection closed inside the response body");
      }
    }
  }
}
