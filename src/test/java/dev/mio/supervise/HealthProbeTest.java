package dev.mio.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthProbeTest {
  private HttpServer server;
  private int port;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health", ex -> {
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.createContext("/sick", ex -> {
      ex.sendResponseHeaders(503, -1);
      ex.close();
    });
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void only_a_2xx_answer_counts_as_healthy() {
    assertThat(new HealthProbe("127.0.0.1", port, "/health", Duration.ofSeconds(2)).isHealthy()).isTrue();
    assertThat(new HealthProbe("127.0.0.1", port, "/sick", Duration.ofSeconds(2)).isHealthy()).isFalse();
    assertThat(new HealthProbe("127.0.0.1", port, "/absent", Duration.ofSeconds(2)).isHealthy()).isFalse();
  }

  @Test
  void a_port_nobody_listens_on_is_not_healthy_and_fails_fast() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    long t0 = System.nanoTime();
    assertThat(new HealthProbe("127.0.0.1", closed, "/health", Duration.ofSeconds(2)).isHealthy()).isFalse();
    assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for a refused probe").isLessThan(1_000);
  }

  @Test
  void a_listener_that_never_answers_is_not_healthy_after_the_probe_time_out() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      long t0 = System.nanoTime();
      assertThat(new HealthProbe("127.0.0.1", silent.getLocalPort(), "/health", Duration.ofMillis(200)).isHealthy())
          .isFalse();
      assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for a silent listener, time-out 200 ms")
          .isBetween(150L, 3_000L);
    }
  }
}
