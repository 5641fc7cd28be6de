package dev.mio.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mio.metrics.Accounting;
import dev.mio.metrics.Outcome;
import dev.mio.route.ShardRouter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrontDoorFailureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private ProxyFixture fx;

  @AfterEach
  void tearDown() throws Exception {
    if (fx != null) {
      fx.close();
    }
  }

  /** A key that the documented hash puts in {@code shard} of {@code shards}. */
  private static String keyOfShard(int shard, int shards) {
    for (int k = 0; k < 10_000; k++) {
      if (ShardRouter.shardOf("k" + k, shards) == shard) {
        return "k" + k;
      }
    }
    throw new IllegalStateException("no key for shard " + shard);
  }

  private HttpResponse<String> getTimed(String pathAndQuery, long maxMillis) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = fx.get(pathAndQuery);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(millis).as("milliseconds to answer %s with %d %s", pathAndQuery, r.statusCode(), r.body())
        .isLessThan(maxMillis);
    return r;
  }

  private void assertStillServes(int shard) throws Exception {
    HttpResponse<String> r = fx.get("/work?cpuMicros=1&key=" + keyOfShard(shard, fx.router.shardCount()));
    assertThat(r.statusCode()).as("status of a request to shard %d afterwards, body %s", shard, r.body())
        .isEqualTo(200);
  }

  private Accounting settledAccounting() {
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.accounting().inFlight() == 0);
    Accounting a = fx.accounting();
    assertThat(a.isBalanced()).as("sent == Σ buckets: %s", a).isTrue();
    return a;
  }

  @Test
  void shard_whose_replicas_are_not_ready_answers_503_json_at_once_and_is_not_attributed() throws Exception {
    fx = ProxyFixture.start(2, 2, 1);
    fx.ready.get(1).set(false);
    HttpResponse<String> r = getTimed("/work?cpuMicros=1&key=" + keyOfShard(1, 2), 2_000);
    assertThat(r.statusCode()).as("status, body %s", r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("content-type")).as("content type").contains("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("error").asText()).as("error of %s", r.body()).isEqualTo("no ready replica in shard 1");
    assertThat(body.path("shard").asInt(-1)).as("shard of %s", r.body()).isEqualTo(1);
    assertThat(fx.frontDoor.rejectedNoReplica()).as("rejected without a replica").isEqualTo(1);
    assertThat(fx.accounting().sent()).as("requests attributed to instances").isZero();

    assertStillServes(0);
    fx.ready.get(1).set(true);
    assertStillServes(1);
    Accounting a = settledAccounting();
    assertThat(a.ok()).as("ok after recovery: %s", a).isEqualTo(2);
    assertThat(fx.workers.get(1).servedRequests()).as("worker 1's own count").isEqualTo(1);
  }

  @Test
  void shard_whose_replicas_were_killed_and_marked_not_ready_answers_503() throws Exception {
    fx = ProxyFixture.start(4, 2, 1);
    for (int i : new int[] {1, 3}) {
      fx.workers.get(i).kill();
      fx.ready.get(i).set(false);
    }
    for (int k = 0; k < 5; k++) {
      HttpResponse<String> r = getTimed("/sleep?ms=1&key=" + keyOfShard(1, 2) + "&n=" + k, 2_000);
      assertThat(r.statusCode()).as("status, body %s", r.body()).isEqualTo(503);
      assertThat(JSON.readTree(r.body()).path("shard").asInt(-1)).as("shard of %s", r.body()).isEqualTo(1);
    }
    assertThat(fx.frontDoor.rejectedNoReplica()).as("rejected without a replica").isEqualTo(5);
    assertStillServes(0);
    assertThat(settledAccounting().sent()).as("attributed requests").isEqualTo(1);
  }

  @Test
  void replica_killed_while_still_thought_ready_answers_502_json_as_connect_error() throws Exception {
    fx = ProxyFixture.start(2, 2, 1);
    WorkerProcess dead = fx.workers.get(1);
    dead.kill();
    await().atMost(Duration.ofSeconds(5)).until(dead::portRefuses);
    HttpResponse<String> r = getTimed("/work?cpuMicros=1&key=" + keyOfShard(1, 2), 5_000);
    assertThat(r.statusCode()).as("status, body %s", r.body()).isEqualTo(502);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("shard").asInt(-1)).as("shard of %s", r.body()).isEqualTo(1);
    assertThat(body.path("instance").asInt(-1)).as("instance of %s", r.body()).isEqualTo(1);
    assertThat(body.path("error").asText()).as("error of %s", r.body()).contains("refused");
    assertStillServes(0);
    Accounting a = settledAccounting();
    assertThat(fx.accountingOf(1).count(Outcome.CONNECT_ERROR)).as("instance 1 connect errors: %s", a).isEqualTo(1);
    assertThat(a.ok()).as("ok: %s", a).isEqualTo(1);
    assertThat(fx.router.replicasOf(1).get(0).outstanding()).as("instance 1 outstanding").isZero();
  }

  @Test
  void instance_killed_mid_request_answers_502_json_as_io_error() throws Exception {
    fx = ProxyFixture.start(2, 2, 1);
    CompletableFuture<HttpResponse<String>> sleeping = fx.client.sendAsync(
        fx.request("/sleep?ms=5000&key=" + keyOfShard(1, 2)).build(), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.router.replicasOf(1).get(0).outstanding() == 1);
    // Give the request time to reach the worker's sleep before killing it.
    Thread.sleep(300);
    long killedAt = System.nanoTime();
    fx.workers.get(1).kill();
    HttpResponse<String> r = sleeping.get(10, TimeUnit.SECONDS);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    assertThat(millis).as("ms from the kill to the 502 (the sleep had ~4.7 s left)").isLessThan(3_000);
    assertThat(r.statusCode()).as("status, body %s", r.body()).isEqualTo(502);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("instance").asInt(-1)).as("instance of %s", r.body()).isEqualTo(1);
    assertThat(body.path("shard").asInt(-1)).as("shard of %s", r.body()).isEqualTo(1);
    assertStillServes(0);
    Accounting a = settledAccounting();
    assertThat(fx.accountingOf(1).count(Outcome.IO_ERROR)).as("instance 1 I/O errors: %s", a).isEqualTo(1);
    assertThat(a.sent()).as("sent: %s", a).isEqualTo(2);
  }

  @Test
  void upstream_time_out_answers_504_json_and_counts_a_timeout() throws Exception {
    fx = ProxyFixture.start(1, 1, 2,
        FrontDoorOptions.defaults().withEventLoops(2).withUpstreamTimeout(Duration.ofMillis(400)));
    HttpResponse<String> r = getTimed("/sleep?ms=3000", 2_500);
    assertThat(r.statusCode()).as("status, body %s", r.body()).isEqualTo(504);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("instance").asInt(-1)).as("instance of %s", r.body()).isEqualTo(0);
    assertThat(body.path("error").asText()).as("error of %s", r.body()).contains("400 ms");
    assertStillServes(0);
    Accounting a = settledAccounting();
    assertThat(a.timeout()).as("timeouts: %s", a).isEqualTo(1);
    assertThat(a.ok()).as("ok: %s", a).isEqualTo(1);
  }

  @Test
  void client_hanging_up_mid_request_counts_cancelled_and_releases_the_replica() throws Exception {
    fx = ProxyFixture.start(1, 1, 2);
    try (RawHttp raw = new RawHttp(fx.frontDoor.port())) {
      raw.send("GET /sleep?ms=2000 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      await().atMost(Duration.ofSeconds(5)).until(() -> fx.router.replicasOf(0).get(0).outstanding() == 1);
    }
    await().atMost(Duration.ofSeconds(1)).until(() -> fx.accounting().cancelled() == 1);
    assertThat(fx.router.replicasOf(0).get(0).outstanding()).as("outstanding after the hang-up").isZero();
    assertStillServes(0);
    Accounting a = settledAccounting();
    assertThat(a.sent()).as("sent: %s", a).isEqualTo(2);
  }

  @Test
  void closing_the_front_door_cancels_requests_in_flight_and_returns_promptly() throws Exception {
    fx = ProxyFixture.start(1, 1, 1);
    CompletableFuture<HttpResponse<String>> sleeping = fx.client.sendAsync(
        fx.request("/sleep?ms=5000").build(), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.router.replicasOf(0).get(0).outstanding() == 1);
    long start = System.nanoTime();
    fx.frontDoor.close();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(millis).as("ms to close with a 5 s request in flight").isLessThan(3_000);
    // The client sees its connection reset; java.net.http may retry an idempotent GET once, and that retry can
    // meet the closing front door's 503 instead of a refused connection. Either way it never gets the 200.
    try {
      HttpResponse<String> answer = sleeping.get(5, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).as("the client's in-flight request, retried: %s", answer.body())
          .isNotEqualTo(200);
    } catch (ExecutionException expected) {
      // the reset reached the client
    }
    Accounting a = fx.accounting();
    // One request, or two when the client's retry reached the front door before it stopped listening: every
    // forwarded request ended cancelled, none in another bucket.
    assertThat(a.cancelled()).as("cancelled: %s", a).isBetween(1L, 2L).isEqualTo(a.sent());
    assertThat(a.isBalanced()).as("balanced: %s", a).isTrue();
    assertThat(fx.router.replicasOf(0).get(0).outstanding()).as("outstanding after close").isZero();
  }
}
