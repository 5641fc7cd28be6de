package dev.mio.worker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Makes the whole worker stop serving until a deadline, however many threads it has. */
public final class StallGate {

  private final AtomicLong stallUntilNanos = new AtomicLong(System.nanoTime());

  /** Extends the stall to at least {@code millis} from now and waits it out. */
  public void stallFor(long millis) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    stallUntilNanos.accumulateAndGet(until, (current, wanted) -> current - wanted >= 0 ? current : wanted);
    awaitOpen();
  }

  /** Returns once no stall is in force; every handler calls this before serving. */
  public void awaitOpen() throws InterruptedException {
    while (true) {
      long remaining = stallUntilNanos.get() - System.nanoTime();
      if (remaining <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.sleep(remaining);
    }
  }
}
