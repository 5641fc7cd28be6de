package dev.mio.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker's endpoints, answered by a real worker process over real sockets. */
class WorkerEndpointsTest {

  private RunningWorker worker;

  @BeforeEach
  void start() throws Exception {
    worker = RunningWorker.start(1, 7, 3);
  }

  @AfterEach
  void stop() throws Exception {
    worker.close();
  }

  @Test
  void prints_its_listening_line_with_port_and_ids() {
    assertThat(worker.listeningLine)
        .isEqualTo("mio-worker listening on 127.0.0.1:" + worker.port + " instance=7 shard=3");
  }

  @Test
  void every_endpoint_answers_with_the_ids_from_the_environment() throws Exception {
    String[] paths = {"/health", "/work?cpuMicros=100&key=abc", "/sleep?ms=1", "/alloc?mb=1",
        "/free", "/stall?ms=1", "/stats", "/nowhere"};
    for (String path : paths) {
      HttpResponse<String> response = worker.get(path);
      assertThat(response.headers().firstValue("X-Instance-Id")).as("X-Instance-Id of %s", path)
          .contains("7");
      assertThat(response.headers().firstValue("X-Shard-Id")).as("X-Shard-Id of %s", path)
          .contains("3");
      assertThat(response.headers().firstValue("Content-Type")).as("Content-Type of %s", path)
          .contains("application/json");
      assertThat(response.statusCode()).as("status of %s: %s", path, response.body())
          .isEqualTo(path.equals("/nowhere") ? 404 : 200);
    }
    assertThat(worker.get("/health").body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(worker.get("/alloc?mb=2").body()).contains("\"retainedMb\":2");
    assertThat(worker.get("/free").body()).contains("\"freedMb\":2");
  }

  @Test
  void stats_count_exactly_the_requests_sent() throws Exception {
    int work = 37;
    int sleep = 5;
    int health = 4;
    int notFound = 2;
    for (int i = 0; i < work; i++) {
      worker.get("/work?cpuMicros=10&key=k" + i);
    }
    for (int i = 0; i < sleep; i++) {
      worker.get("/sleep?ms=0");
    }
    for (int i = 0; i < health; i++) {
      worker.get("/health");
    }
    for (int i = 0; i < notFound; i++) {
      worker.get("/missing");
    }
    worker.get("/work?cpuMicros=oops");

    String stats = worker.get("/stats").body();

    assertThat(stats).as("stats after %d work, %d sleep, %d bad, %d 404", work, sleep, 1, notFound)
        .contains("\"instanceId\":7", "\"shardId\":3")
        .contains("\"requests\":" + (work + sleep + notFound + 1))
        // one /health more: the one that proved the worker ready
        .contains("\"health\":" + (health + 1))
        .contains("\"/work\":" + (work + 1), "\"/sleep\":" + sleep, "\"other\":" + notFound)
        .contains("\"4xx\":" + (notFound + 1))
        .contains("\"/stats\":0", "\"retainedMb\":0");
    assertThat(worker.get("/stats").body()).contains("\"/stats\":1");
  }

  @Test
  void bad_input_gets_json_errors_and_the_worker_keeps_serving() throws Exception {
    String[][] cases = {
        {"/work", "400", "cpuMicros"},
        {"/work?cpuMicros=", "400", "cpuMicros"},
        {"/work?cpuMicros=abc", "400", "cpuMicros"},
        {"/work?cpuMicros=-5", "400", "cpuMicros"},
        {"/work?cpuMicros=99999999999", "400", "cpuMicros"},
        {"/work?cpuMicros=99999999999999999999999", "400", "cpuMicros"},
        {"/sleep?ms=60001", "400", "ms"},
        {"/stall?ms=1.5", "400", "ms"},
        {"/alloc?mb=5000", "400", "mb"},
        {"/unknown/path", "404", "no such path"},
    };
    for (String[] c : cases) {
      HttpResponse<String> response = worker.get(c[0]);
      assertThat(response.statusCode()).as("status of %s: %s", c[0], response.body())
          .isEqualTo(Integer.parseInt(c[1]));
      assertThat(response.body()).as("body of %s", c[0]).startsWith("{\"error\":\"")
          .contains(c[2]).doesNotContain("Exception", "\tat ");
    }
    HttpResponse<String> post = worker.send(HttpRequest.newBuilder(worker.uri("/work?cpuMicros=1"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(post.statusCode()).as("POST: %s", post.body()).isEqualTo(405);
    assertThat(post.body()).startsWith("{\"error\":");
    assertThat(worker.get("/work?cpuMicros=10").statusCode()).isEqualTo(200);
    assertThat(worker.process.isAlive()).as("worker alive after bad input").isTrue();
  }

  @Test
  void alloc_over_the_total_bound_is_refused_until_freed() throws Exception {
    assertThat(worker.get("/alloc?mb=0").statusCode()).isEqualTo(200);
    HttpResponse<String> tooMuch = worker.get("/alloc?mb=" + (WorkerHandler.MAX_RETAINED_MB + 1));
    assertThat(tooMuch.statusCode()).as("over the bound: %s", tooMuch.body()).isEqualTo(400);
    assertThat(tooMuch.body()).contains("\"field\":\"mb\"");
  }

  @Test
  void keep_alive_serves_200_sequential_requests_on_one_connection_without_ack_stalls()
      throws Exception {
    int requests = 200;
    long startNanos = System.nanoTime();
    try (RawHttpConnection connection = new RawHttpConnection(worker.port)) {
      for (int i = 0; i < requests; i++) {
        RawHttpConnection.Response response =
            connection.request("GET", "/work?cpuMicros=50&key=" + i);
        assertThat(response.status()).as("request %d: %s", i, response.body()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("x-instance-id", "7");
      }
    }
    long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
    // 200 x ~44 ms delayed-ACK stalls would take ~9 s; without them it is well under a second.
    assertThat(elapsedMillis).as("ms for %d keep-alive requests on one connection", requests)
        .isLessThan(5_000);
    assertThat(worker.get("/stats").body()).contains("\"/work\":" + requests);
  }

  @Test
  void exits_on_sigterm() throws Exception {
    worker.process.destroy();
    assertThat(worker.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
        .as("exited within 10 s of SIGTERM").isTrue();
    // 143 = 128 + SIGTERM: the JVM's status after its shutdown hooks ran on SIGTERM.
    assertThat(worker.process.exitValue()).as("exit status; stderr: %s", worker.stderr())
        .isIn(0, 143);
  }
}
