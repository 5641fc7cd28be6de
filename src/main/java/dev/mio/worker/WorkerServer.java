package dev.mio.worker;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A running built-in worker: the JDK's HTTP server with a fixed pool of request threads. */
public final class WorkerServer implements AutoCloseable {

  private final WorkerConfig config;
  private final HttpServer server;
  private final ExecutorService executor;
  private final WorkerStats stats = new WorkerStats();
  private final OffHeapStore offHeap = new OffHeapStore(WorkerHandler.MAX_RETAINED_MB);

  private WorkerServer(WorkerConfig config) throws IOException {
    this.config = config;
    // Without TCP_NODELAY a keep-alive response can wait ~40 ms for the client's delayed ACK;
    // the JDK server reads this property once, when its first server is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
    this.executor = Executors.newFixedThreadPool(config.threads(), new WorkerThreads());
    server.setExecutor(executor);
    server.createContext("/", new WorkerHandler(config, stats, new StallGate(), offHeap));
  }

  /**
   * Binds and starts a worker.
   *
   * @throws IOException when the address cannot be bound
   */
  public static WorkerServer start(WorkerConfig config) throws IOException {
    WorkerServer worker = new WorkerServer(config);
    worker.server.start();
    return worker;
  }

  /** The TCP port actually bound (the ephemeral one when the configuration asked for 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The configuration this worker serves with. */
  public WorkerConfig config() {
    return config;
  }

  /** The worker's own counts. */
  public WorkerStats stats() {
    return stats;
  }

  /** The line announcing the worker on standard output, which launchers and people read. */
  public String listeningLine() {
    return "mio-worker listening on " + config.host() + ":" + port()
        + " instance=" + config.instanceId() + " shard=" + config.shardId();
  }

  /** Stops accepting, gives in-flight requests up to a second, then releases retained memory. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    offHeap.free();
  }

  private static final class WorkerThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "mio-worker-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
