package dev.mio.worker;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the built-in worker from a plain {@code main}, without picocli, so a worker JVM loads as
 * few classes as possible: {@code --port N}, {@code --threads N}, {@code --host H}.
 */
public final class WorkerMain {

  private WorkerMain() {}

  /** Runs the worker until SIGTERM/SIGINT; exits 2 on bad arguments, 1 when it cannot bind. */
  public static void main(String[] args) {
    WorkerConfig config;
    try {
      config = WorkerConfig.parse(Arrays.asList(args), System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("mio-worker: " + e.getMessage());
      System.err.println("usage: mio-worker [--port N] [--threads N] [--host H]"
          + "  (env PORT, SHARD_ID, INSTANCE_ID)");
      System.exit(2);
      return;
    }
    int status = serve(config);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Starts a worker, prints its listening line, and blocks until the JVM is asked to shut down.
   *
   * @return the process exit status: 0 after a clean shutdown, 1 when the address cannot be bound
   */
  public static int serve(WorkerConfig config) {
    WorkerServer worker;
    try {
      worker = WorkerServer.start(config);
    } catch (IOException | RuntimeException e) {
      System.err.println("mio-worker: cannot listen on " + config.host() + ":" + config.port()
          + ": " + e);
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close();
      stopped.countDown();
    }, "mio-worker-shutdown"));
    System.out.println(worker.listeningLine());
    System.out.flush();
    try {
      // The request threads are daemons: this thread keeps the JVM alive until the hook runs.
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
