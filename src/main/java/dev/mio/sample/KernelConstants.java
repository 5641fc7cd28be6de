package dev.mio.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's clock-tick rate (USER_HZ, the unit of /proc CPU times) and page size (the unit of /proc
 * RSS), read from this process's ELF auxiliary vector, else from {@code getconf}.
 *
 * @param clockTicksPerSecond USER_HZ, ticks per second
 * @param pageSizeBytes bytes per page
 * @param source where the two values came from: {@code "auxv"}, {@code "getconf"} or {@code "default"}
 */
public record KernelConstants(long clockTicksPerSecond, long pageSizeBytes, String source) {

  private static final long AT_PAGESZ = 6;
  private static final long AT_CLKTCK = 17;

  public KernelConstants {
    if (clockTicksPerSecond < 1 || clockTicksPerSecond > 1_000_000_000L) {
      throw new IllegalArgumentException("clockTicksPerSecond must be 1..1e9, was " + clockTicksPerSecond);
    }
    if (pageSizeBytes < 512 || Long.bitCount(pageSizeBytes) != 1) {
      throw new IllegalArgumentException("pageSizeBytes must be a power of two ≥ 512, was " + pageSizeBytes);
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("source must be named");
    }
  }

  /**
   * Reads the constants of the running kernel: the auxiliary vector first (exact, no process spawned), then
   * {@code getconf CLK_TCK}/{@code getconf PAGESIZE}; only if both fail the Linux defaults 100 and 4096 with
   * source {@code "default"}, so a caller can see they were not read.
   */
  public static KernelConstants read() {
    KernelConstants fromAuxv = fromAuxv(Path.of("/proc/self/auxv"));
    if (fromAuxv != null) {
      return fromAuxv;
    }
    long ticks = getconf("CLK_TCK");
    long page = getconf("PAGESIZE");
    if (ticks > 0 && page > 0) {
      return new KernelConstants(ticks, page, "getconf");
    }
    return new KernelConstants(ticks > 0 ? ticks : 100, page > 0 ? page : 4096, "default");
  }

  /** Converts clock ticks to nanoseconds without overflow for any realistic CPU time. */
  long ticksToNanos(long ticks) {
    return clockTicksPerSecond == 100 ? ticks * 10_000_000L : ticks * (1_000_000_000L / clockTicksPerSecond);
  }

  static KernelConstants fromAuxv(Path auxv) {
    try {
      byte[] bytes = Files.readAllBytes(auxv);
      ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
      long ticks = -1;
      long page = -1;
      // 64-bit auxv: (type, value) pairs of longs, terminated by AT_NULL.
      while (buf.remaining() >= 16) {
        long type = buf.getLong();
        long value = buf.getLong();
        if (type == 0) {
          break;
        } else if (type == AT_CLKTCK) {
          ticks = value;
        } else if (type == AT_PAGESZ) {
          page = value;
        }
      }
      if (ticks > 0 && ticks <= 1_000_000_000L && page >= 512 && Long.bitCount(page) == 1) {
        return new KernelConstants(ticks, page, "auxv");
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long getconf(String name) {
    try {
      Process p = new ProcessBuilder("getconf", name).redirectErrorStream(true).start();
      try (InputStream in = p.getInputStream()) {
        String out = new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return -1;
        }
        return p.exitValue() == 0 ? Long.parseLong(out) : -1;
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
