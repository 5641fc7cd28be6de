package dev.mio.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How many requests a worker serves at once, and how /stall stops it serving. */
class WorkerConcurrencyTest {

  private RunningWorker worker;

  @AfterEach
  void stop() throws Exception {
    if (worker != null) {
      worker.close();
    }
  }

  @Test
  void default_worker_serves_one_request_at_a_time() throws Exception {
    worker = RunningWorker.start(1, 0, 0);
    long elapsedMillis = twoConcurrentSleeps(300);
    assertThat(elapsedMillis).as("ms for two concurrent /sleep?ms=300 on a one-thread worker")
        .isGreaterThanOrEqualTo(570);
  }

  @Test
  void two_threads_serve_two_requests_at_once() throws Exception {
    worker = RunningWorker.start(2, 0, 0);
    long elapsedMillis = twoConcurrentSleeps(300);
    assertThat(elapsedMillis).as("ms for two concurrent /sleep?ms=300 on a two-thread worker")
        // Served one at a time they could not finish before 600 ms.
        .isBetween(290L, 590L);
  }

  @Test
  void stall_blocks_every_request_for_its_duration_even_with_spare_threads() throws Exception {
    worker = RunningWorker.start(4, 0, 0);
    long stallStartNanos = System.nanoTime();
    CompletableFuture<HttpResponse<String>> stall = async("/stall?ms=1000");
    Thread.sleep(300);
    long healthStartNanos = System.nanoTime();
    HttpResponse<String> health = worker.get("/health");
    long healthEndNanos = System.nanoTime();
    HttpResponse<String> stallResponse = stall.get(10, TimeUnit.SECONDS);
    long stallEndNanos = System.nanoTime();

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(stallResponse.statusCode()).isEqualTo(200);
    long stallMillis = TimeUnit.NANOSECONDS.toMillis(stallEndNanos - stallStartNanos);
    long healthSentAtMillis = TimeUnit.NANOSECONDS.toMillis(healthStartNanos - stallStartNanos);
    long healthDoneAtMillis = TimeUnit.NANOSECONDS.toMillis(healthEndNanos - stallStartNanos);
    assertThat(stallMillis).as("ms until the /stall?ms=1000 response").isBetween(980L, 4_000L);
    // However late the test thread ran, /health cannot be answered before the stall ends.
    assertThat(healthDoneAtMillis)
        .as("ms after the stall began that a /health sent at %d ms was answered", healthSentAtMillis)
        .isGreaterThanOrEqualTo(950);
    assertThat(worker.get("/health").statusCode()).as("serving again after the stall")
        .isEqualTo(200);
  }

  private long twoConcurrentSleeps(int millis) throws Exception {
    // Warm the connection pool so connection set-up does not blur the timing.
    worker.get("/health");
    long startNanos = System.nanoTime();
    CompletableFuture<HttpResponse<String>> first = async("/sleep?ms=" + millis);
    CompletableFuture<HttpResponse<String>> second = async("/sleep?ms=" + millis);
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private CompletableFuture<HttpResponse<String>> async(String pathAndQuery) {
    return worker.client.sendAsync(HttpRequest.newBuilder(worker.uri(pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
