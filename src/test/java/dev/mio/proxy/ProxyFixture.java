package dev.mio.proxy;

import dev.mio.metrics.Accounting;
import dev.mio.metrics.RunRecorder;
import dev.mio.route.Replica;
import dev.mio.route.ShardRouter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Real worker processes behind a real front door, with readiness switches and a plain JDK client. */
final class ProxyFixture implements AutoCloseable {
  final List<WorkerProcess> workers = new ArrayList<>();
  final List<AtomicBoolean> ready = new ArrayList<>();
  final List<Replica> replicas = new ArrayList<>();
  final ShardRouter router;
  final RunRecorder recorder;
  final FrontDoor frontDoor;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private ProxyFixture(int instances, int shards, int threads, FrontDoorOptions options) throws Exception {
    try {
      // Launch all first, then wait: the JVMs start in parallel.
      for (int i = 0; i < instances; i++) {
        workers.add(WorkerProcess.launch(i, i % shards, threads));
      }
      for (WorkerProcess w : workers) {
        w.awaitHealthy();
        AtomicBoolean flag = new AtomicBoolean(true);
        ready.add(flag);
        replicas.add(new Replica(w.instanceId, w.shardId, "127.0.0.1", w.port, flag::get));
      }
      router = ShardRouter.of(shards, replicas);
      recorder = new RunRecorder(instances, shards);
      frontDoor = FrontDoor.start(null, router, recorder, options);
    } catch (Exception | Error e) {
      killWorkers();
      throw e;
    }
  }

  /** {@code instances} workers (instance i in shard i % shards) behind a front door with the given options. */
  static ProxyFixture start(int instances, int shards, int threads, FrontDoorOptions options) throws Exception {
    return new ProxyFixture(instances, shards, threads, options);
  }

  /** Like {@link #start(int, int, int, FrontDoorOptions)} with the default options and two event loops. */
  static ProxyFixture start(int instances, int shards, int threads) throws Exception {
    return start(instances, shards, threads, FrontDoorOptions.defaults().withEventLoops(2));
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return send(request(pathAndQuery));
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(frontDoor.url() + pathAndQuery)).timeout(Duration.ofSeconds(20)).GET();
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  Accounting accounting() {
    return recorder.snapshot().accounting();
  }

  Accounting accountingOf(int instanceId) {
    return recorder.snapshot().accountingPerInstance().get(instanceId);
  }

  private void killWorkers() throws Exception {
    for (WorkerProcess w : workers) {
      w.close();
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (frontDoor != null) {
        frontDoor.close();
      }
    } finally {
      killWorkers();
    }
  }
}
