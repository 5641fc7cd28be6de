package dev.mio.worker;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Burns a requested amount of the calling thread's CPU time, measured by the OS, not the wall clock. */
public final class CpuBurner {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  // Written so the JIT cannot prove the arithmetic dead.
  private static volatile long sink;

  private CpuBurner() {}

  /**
   * Spins until this thread has used at least {@code cpuNanos} of CPU time since the call began.
   *
   * @param cpuNanos CPU time to burn, in nanoseconds
   * @return the CPU time actually used, in nanoseconds (slightly above {@code cpuNanos})
   */
  public static long burnCpuNanos(long cpuNanos) {
    long start = THREADS.getCurrentThreadCpuTime();
    if (cpuNanos <= 0) {
      return 0;
    }
    long target = start + cpuNanos;
    long x = sink | 1;
    long now;
    do {
      // A short arithmetic burst between clock reads keeps the clock's own cost a small share.
      for (int i = 0; i < 256; i++) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
      }
      now = THREADS.getCurrentThreadCpuTime();
    } while (now < target);
    sink = x;
    return now - start;
  }
}
