package dev.mio.launch.local;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Starts every process of a launcher from one dedicated, long-lived thread.
 *
 * <p>Why: {@code setpriv --pdeathsig KILL} makes the kernel kill a child when the <em>thread</em> that forked it
 * exits, not the whole JVM; spawning from short-lived or pooled threads would kill instances at random. Tasks
 * are submitted (never executed) so an exception cannot replace the thread. Closing the spawner ends the
 * thread, which kills any direct child still alive: close it only after the deployments are stopped.
 */
final class Spawner implements AutoCloseable {
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "mio-spawner");
    t.setDaemon(true);
    return t;
  });

  /** Starts the process on the spawner thread and returns it. */
  Process start(ProcessBuilder builder) throws IOException {
    try {
      return thread.submit(builder::start).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException) {
        throw (IOException) e.getCause();
      }
      throw new IOException("could not start " + builder.command(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + builder.command(), e);
    }
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
