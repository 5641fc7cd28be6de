package dev.mio.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mio.metrics.Accounting;
import dev.mio.route.ShardKeys;
import dev.mio.route.ShardRouter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrontDoorRoutingTest {
  private ProxyFixture fx;

  @AfterEach
  void tearDown() throws Exception {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void every_key_reaches_a_replica_of_its_shard_by_header_by_query_and_by_path() throws Exception {
    fx = ProxyFixture.start(4, 2, 1);
    int[] perShard = new int[2];
    for (int k = 0; k < 150; k++) {
      String key = "user-" + k;
      HttpResponse<String> r = fx.send(fx.request("/work?cpuMicros=1").header(ShardKeys.HEADER, key));
      assertLanded(r, ShardRouter.shardOf(key, 2), "header key " + key);
      perShard[ShardRouter.shardOf(key, 2)]++;
    }
    for (int k = 0; k < 150; k++) {
      String key = "order/" + k;
      HttpResponse<String> r =
          fx.get("/work?cpuMicros=1&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
      assertLanded(r, ShardRouter.shardOf(key, 2), "query key " + key);
    }
    for (int k = 0; k < 20; k++) {
      String path = "/work/item" + k;
      HttpResponse<String> r = fx.get(path);
      // The worker answers 404 for an unknown path, still with its identity headers.
      assertLanded(r, ShardRouter.shardOf(path, 2), "path key " + path);
    }
    assertThat(Math.min(perShard[0], perShard[1])).as("fewest header keys in a shard of %s", java.util.Arrays.toString(perShard))
        .isGreaterThan(30);
  }

  @Test
  void a_utf8_header_key_is_hashed_over_its_utf8_bytes() throws Exception {
    fx = ProxyFixture.start(2, 2, 1);
    try (RawHttp raw = new RawHttp(fx.frontDoor.port())) {
      for (int k = 0; k < 20; k++) {
        String key = "ключ-" + k + "-é";
        byte[] request = ("GET /work?cpuMicros=1 HTTP/1.1\r\nHost: x\r\nX-Shard-Key: " + key + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
        raw.send(request);
        String head = raw.readHead();
        assertThat(head).as("response head for UTF-8 key %s", key)
            .contains("x-shard-id: " + ShardRouter.shardOf(key, 2) + "\r\n");
      }
    }
  }

  private static void assertLanded(HttpResponse<String> r, int expectedShard, String what) {
    assertThat(r.headers().firstValue("X-Shard-Id")).as("X-Shard-Id for %s (status %d, body %s)", what,
        r.statusCode(), r.body()).contains(Integer.toString(expectedShard));
    int instance = Integer.parseInt(r.headers().firstValue("X-Instance-Id").orElse("-1"));
    assertThat(instance % 2).as("instance %d's shard for %s", instance, what).isEqualTo(expectedShard);
  }

  @Test
  void recorder_responses_per_instance_equal_each_worker_own_count_and_accounting_balances() throws Exception {
    fx = ProxyFixture.start(4, 2, 1);
    int clients = 8;
    int perClient = 60;
    List<CompletableFuture<Integer>> okCounts = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      okCounts.add(CompletableFuture.supplyAsync(() -> {
        int ok = 0;
        for (int k = 0; k < perClient; k++) {
          try {
            if (fx.get("/work?cpuMicros=20&key=c" + client + "k" + k).statusCode() == 200) {
              ok++;
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
        return ok;
      }));
    }
    int ok = 0;
    for (CompletableFuture<Integer> f : okCounts) {
      ok += f.get(60, TimeUnit.SECONDS);
    }
    assertThat(ok).as("200 answers through the front door").isEqualTo(clients * perClient);
    // The recorder counts a request when its last byte is written, which may trail the client's read a little.
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.accounting().inFlight() == 0);

    Map<Integer, Long> workerCounts = new HashMap<>();
    Map<Integer, Long> recorded = new HashMap<>();
    for (WorkerProcess w : fx.workers) {
      workerCounts.put(w.instanceId, w.servedRequests());
      recorded.put(w.instanceId, fx.accountingOf(w.instanceId).responses());
    }
    assertThat(recorded).as("recorder responses per instance vs the workers' own /stats").isEqualTo(workerCounts);
    Accounting total = fx.accounting();
    assertThat(total.sent()).as("sent, accounting %s", total).isEqualTo((long) clients * perClient);
    assertThat(total.isBalanced()).as("sent == Σ buckets, accounting %s", total).isTrue();
    assertThat(total.ok()).as("ok bucket, accounting %s", total).isEqualTo((long) clients * perClient);
    long windowless = fx.recorder.okResponsesSoFar();
    assertThat(windowless).as("ok responses so far").isEqualTo((long) clients * perClient);
    assertThat(fx.frontDoor.rejectedNoReplica()).as("rejected").isZero();
  }

  @Test
  void least_outstanding_spreads_concurrent_requests_over_both_replicas_of_a_shard() throws Exception {
    fx = ProxyFixture.start(2, 1, 1);
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      inFlight.add(fx.client.sendAsync(fx.request("/sleep?ms=300&key=same").build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    int[] perInstance = new int[2];
    for (CompletableFuture<HttpResponse<String>> f : inFlight) {
      HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as("status of a /sleep, body %s", r.body()).isEqualTo(200);
      perInstance[Integer.parseInt(r.headers().firstValue("X-Instance-Id").orElseThrow())]++;
    }
    assertThat(Math.min(perInstance[0], perInstance[1]))
        .as("fewest responses of one replica for 8 concurrent /sleep on one shard key, per instance %s",
            java.util.Arrays.toString(perInstance))
        .isGreaterThanOrEqualTo(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.accounting().inFlight() == 0);
    assertThat(fx.router.replicasOf(0)).as("outstanding released")
        .allSatisfy(r -> assertThat(r.outstanding()).isZero());
  }

  @Test
  void method_body_and_headers_are_forwarded_and_the_response_streams_back() throws Exception {
    fx = ProxyFixture.start(1, 1, 1);
    // The worker serves GET only: a POST with a body must come back as the worker's own 4xx, counted as 4xx.
    HttpResponse<String> post = fx.send(fx.request("/work?cpuMicros=1")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x".repeat(10_000))));
    assertThat(post.headers().firstValue("X-Instance-Id")).as("POST answered by the worker, status %d",
        post.statusCode()).contains("0");
    HttpResponse<String> stats = fx.get("/stats");
    assertThat(stats.statusCode()).as("/stats through the front door").isEqualTo(200);
    assertThat(stats.body()).as("/stats body streamed back").contains("\"instanceId\":0");
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.accounting().inFlight() == 0);
    Accounting a = fx.accounting();
    assertThat(a.sent()).as("sent, accounting %s", a).isEqualTo(2);
    assertThat(a.count(dev.mio.metrics.Outcome.ofStatus(post.statusCode()))).as("bucket of the POST's status %d, %s",
        post.statusCode(), a).isGreaterThanOrEqualTo(1);
    assertThat(a.isBalanced()).as("balanced %s", a).isTrue();
  }
}
