package dev.mio.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Twenty clients calling start, stop and status at once leave one run at most and no process behind. */
class ApiConcurrencyTest {
  private static final String BODY = "{\"instances\":2,\"shards\":2,\"baseline\":\"none\",\"warmupMs\":0,"
      + "\"workload\":{\"connections\":2,\"path\":\"/work?cpuMicros=50&key={key}\"}}";
  private static final int CLIENTS = 20;
  private static final int CALLS_PER_CLIENT = 4;

  @TempDir Path state;
  private ApiFixture api;

  @BeforeEach
  void setUp() {
    api = new ApiFixture(state);
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  @Test
  void twenty_concurrent_clients_leave_the_server_consistent_and_no_process_alive() throws Exception {
    Set<Long> startedPids = ConcurrentHashMap.newKeySet();
    Set<String> unexpected = ConcurrentHashMap.newKeySet();
    AtomicInteger starts = new AtomicInteger();
    AtomicInteger stops = new AtomicInteger();
    AtomicInteger cancelledStarts = new AtomicInteger();
    AtomicInteger maxProcesses = new AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<String> maxSeen = new java.util.concurrent.atomic.AtomicReference<>("");
    AtomicBoolean watching = new AtomicBoolean(true);
    Thread watcher = new Thread(() -> {
      while (watching.get()) {
        long[] alive = api.descendantsButWatcher();
        if (alive.length > maxProcesses.get()) {
          maxSeen.set(java.util.Arrays.stream(alive).mapToObj(pid -> pid + " " + ProcessHandle.of(pid)
              .flatMap(h -> h.info().commandLine()).orElse("?")).collect(java.util.stream.Collectors.joining("; ")));
        }
        maxProcesses.accumulateAndGet(alive.length, Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    watcher.start();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        Random random = new Random(c);
        done.add(clients.submit(() -> {
          go.await();
          for (int i = 0; i < CALLS_PER_CLIENT; i++) {
            int roll = random.nextInt(10);
            int op = roll < 4 ? 0 : roll < 6 ? 1 : 2;
            if (op == 0) {
              ApiFixture.Reply reply = api.post(ApiFixture.BASE + "/start", BODY);
              if (reply.status() == 200) {
                starts.incrementAndGet();
                reply.json().path("pids").forEach(p -> startedPids.add(p.asLong()));
              } else if (reply.status() == 409 && reply.json().path("cancelled").asBoolean()) {
                cancelledStarts.incrementAndGet();
              } else if (reply.status() != 409) {
                unexpected.add("start " + reply.status() + " " + reply.text());
              }
            } else if (op == 1) {
              ApiFixture.Reply reply = api.post(ApiFixture.BASE + "/stop", "");
              if (reply.status() == 200) {
                stops.incrementAndGet();
              } else if (reply.status() != 409) {
                unexpected.add("stop " + reply.status() + " " + reply.text());
              }
            } else {
              ApiFixture.Reply reply = api.get(ApiFixture.BASE + "/status");
              JsonNode body = reply.json();
              if (reply.status() != 200 || !body.path("running").isBoolean()) {
                unexpected.add("status " + reply.status() + " " + reply.text());
              } else if (body.path("running").asBoolean() && body.path("instances").size() != 2) {
                unexpected.add("status with " + body.path("instances").size() + " instances: " + reply.text());
              }
            }
            Thread.sleep(random.nextInt(400));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> future : done) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      clients.shutdownNow();
    }
    ApiFixture.Reply last = api.post(ApiFixture.BASE + "/stop", "");
    assertThat(last.status()).as("final stop %s", last.text()).isIn(200, 409);
    watching.set(false);
    watcher.join(5000);

    System.err.printf("concurrency: %d starts ran, %d cancelled, %d stops, at most %d processes%n", starts.get(),
        cancelledStarts.get(), stops.get(), maxProcesses.get());
    assertThat(unexpected).as("answers other than 200/409 or inconsistent status").isEmpty();
    assertThat(starts.get() + cancelledStarts.get()).as("starts that ran or were cancelled by a stop").isPositive();
    assertThat(startedPids).as("each started run has its own 2 pids").hasSize(2 * starts.get());
    assertThat(maxProcesses.get()).as("instance processes alive at once (one run of 2 at most): %s", maxSeen.get()).isLessThanOrEqualTo(2);
    assertThat(startedPids).as("pids alive after the final stop").noneMatch(ApiFixture::alive);
    assertThat(api.descendantsButWatcher()).as("processes of the server after the final stop").isEmpty();
    JsonNode status = api.get(ApiFixture.BASE + "/status").json();
    assertThat(status.path("running").asBoolean(true)).isFalse();
    assertThat(status.path("phase").asText()).isEqualTo("IDLE");
  }

  @Test
  void of_twenty_concurrent_stops_exactly_one_stops_the_run() throws Exception {
    ApiFixture.Reply started = api.post(ApiFixture.BASE + "/start", BODY);
    assertThat(started.status()).as("start %s", started.text()).isEqualTo(200);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<ApiFixture.Reply>> replies = new ArrayList<>();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        replies.add(clients.submit(() -> {
          go.await();
          return api.post(ApiFixture.BASE + "/stop", "");
        }));
      }
      go.countDown();
      int stopped = 0;
      for (Future<ApiFixture.Reply> future : replies) {
        ApiFixture.Reply reply = future.get(60, TimeUnit.SECONDS);
        assertThat(reply.status()).as("concurrent stop %s", reply.text()).isIn(200, 409);
        if (reply.status() == 200) {
          stopped++;
          assertThat(reply.json().path("stats").path("totalRequests").isIntegralNumber()).isTrue();
        } else {
          assertThat(reply.json().path("stopped").asBoolean(true)).isFalse();
        }
      }
      assertThat(stopped).as("stops answered 200").isEqualTo(1);
    } finally {
      clients.shutdownNow();
    }
    started.json().path("pids").forEach(p -> assertThat(ApiFixture.alive(p.asLong())).as("pid %s", p).isFalse());
  }
}
