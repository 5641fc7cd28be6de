package dev.mio.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mio.metrics.Accounting;
import dev.mio.metrics.RunRecorder;
import dev.mio.route.Replica;
import dev.mio.route.ShardRouter;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP/1.x details of the front door against a real echo server: versions, keep-alive, bodies, upgrade. */
class FrontDoorProtocolTest {
  private EchoUpstream upstream;
  private RunRecorder recorder;
  private FrontDoor frontDoor;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void setUp() throws Exception {
    upstream = new EchoUpstream();
    recorder = new RunRecorder(1, 1);
    ShardRouter router = ShardRouter.of(1, List.of(Replica.alwaysReady(0, 0, "127.0.0.1", upstream.port())));
    frontDoor = FrontDoor.start(null, router, recorder, FrontDoorOptions.defaults().withEventLoops(2));
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (frontDoor != null) {
        frontDoor.close();
      }
    } finally {
      upstream.close();
    }
  }

  private Accounting settled(long expectedSent) {
    await().atMost(Duration.ofSeconds(5)).until(() -> recorder.snapshot().accounting().sent() == expectedSent
        && recorder.snapshot().accounting().inFlight() == 0);
    Accounting a = recorder.snapshot().accounting();
    assertThat(a.isBalanced()).as("sent == Σ buckets: %s", a).isTrue();
    return a;
  }

  @Test
  void http_1_0_client_without_keep_alive_is_answered_in_1_0_and_closed() throws Exception {
    try (RawHttp raw = new RawHttp(frontDoor.port())) {
      raw.send("GET /a HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String head = raw.readHead();
      assertThat(head).as("response head to an HTTP/1.0 request").startsWith("http/1.0 200");
      assertThat(raw.closedByServer()).as("connection closed after the answer").isTrue();
    }
    assertThat(settled(1).ok()).as("ok").isEqualTo(1);
  }

  @Test
  void http_1_0_client_asking_keep_alive_keeps_its_connection() throws Exception {
    try (RawHttp raw = new RawHttp(frontDoor.port())) {
      for (int k = 0; k < 3; k++) {
        raw.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String head = raw.readHead();
        assertThat(head).as("response head %d on one HTTP/1.0 keep-alive connection", k)
            .startsWith("http/1.0 200").contains("connection: keep-alive\r\n");
      }
    }
    assertThat(settled(3).ok()).as("ok").isEqualTo(3);
  }

  @Test
  void connection_close_from_the_client_is_honoured_and_not_forwarded() throws Exception {
    try (RawHttp raw = new RawHttp(frontDoor.port())) {
      raw.send("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Other: 1\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String head = raw.readHead();
      assertThat(head).as("response head").startsWith("http/1.1 200").contains("connection: close\r\n");
      assertThat(head).as("header names the upstream saw").contains("x-other").doesNotContain("x-seen-headers: connection")
          .doesNotContain(",connection");
      assertThat(raw.closedByServer()).as("connection closed after the answer").isTrue();
    }
    settled(1);
  }

  @Test
  void h2c_upgrade_is_refused_and_answered_over_http_1_1() throws Exception {
    try (RawHttp raw = new RawHttp(frontDoor.port())) {
      raw.send(("GET /a HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
          + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String head = raw.readHead();
      assertThat(head).as("response head to an h2c upgrade request").startsWith("http/1.1 200");
      assertThat(head).as("hop-by-hop headers the upstream saw").doesNotContain("upgrade")
          .doesNotContain("http2-settings");
    }
    settled(1);
  }

  @Test
  void pipelined_requests_are_answered_in_order_on_one_connection() throws Exception {
    try (RawHttp raw = new RawHttp(frontDoor.port())) {
      raw.send(("GET /1 HTTP/1.1\r\nHost: x\r\nX-N: 1\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /3 HTTP/1.1\r\nHost: x\r\nX-N: 3\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      assertThat(raw.readHead()).as("first answer").contains("x-n");
      assertThat(raw.readHead()).as("second answer").doesNotContain("x-n");
      assertThat(raw.readHead()).as("third answer").contains("x-n");
    }
    assertThat(settled(3).ok()).as("ok").isEqualTo(3);
  }

  @Test
  void large_bodies_stream_both_ways_with_and_without_content_length() throws Exception {
    byte[] body = new byte[8 * 1024 * 1024];
    new Random(42).nextBytes(body);
    URI uri = URI.create(frontDoor.url() + "/echo");
    // Known length: Content-Length to the instance; the echo answers chunked.
    HttpResponse<byte[]> sized = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(sized.statusCode()).as("status of an 8 MB POST with Content-Length").isEqualTo(200);
    assertThat(Arrays.equals(sized.body(), body)).as("8 MB echoed intact (got %d bytes)", sized.body().length)
        .isTrue();
    // Unknown length: the JDK client sends it chunked.
    HttpResponse<byte[]> chunked = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(chunked.statusCode()).as("status of an 8 MB chunked POST").isEqualTo(200);
    assertThat(Arrays.equals(chunked.body(), body)).as("8 MB chunked echoed intact (got %d bytes)",
        chunked.body().length).isTrue();
    // Expect: 100-continue is answered by the front door; the body follows and comes back.
    HttpResponse<byte[]> expecting = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(expecting.statusCode()).as("status of an 8 MB POST with Expect: 100-continue").isEqualTo(200);
    assertThat(Arrays.equals(expecting.body(), body)).as("8 MB echoed after 100 Continue (got %d bytes)",
        expecting.body().length).isTrue();
    assertThat(settled(3).ok()).as("ok").isEqualTo(3);
    assertThat(upstream.served.get()).as("requests the echo server served").isEqualTo(3);
  }
}
