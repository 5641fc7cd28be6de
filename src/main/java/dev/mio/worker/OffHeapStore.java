package dev.mio.worker;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Retains memory outside the bounded Java heap, every page touched so the process's RSS really grows,
 * and releases all of it on demand so RSS falls back.
 *
 * <p>Each allocation is one native block of at least {@value #MIN_BLOCK_MB} MiB of address space:
 * glibc serves blocks above its 32 MiB dynamic mmap-threshold cap with their own {@code mmap}, so
 * freeing one is an {@code munmap} that returns the pages to the OS at once — smaller blocks could
 * land in a malloc arena and stay resident after {@code /free}. Only the requested MiB are touched,
 * so only they count in RSS. Where {@code sun.misc.Unsafe} is unavailable it falls back to direct
 * byte buffers, released by a garbage collection.
 */
public final class OffHeapStore {

  /** Smallest native block, in MiB; see the class comment for why. */
  static final int MIN_BLOCK_MB = 40;

  private static final long MIB = 1L << 20;
  private static final int PAGE_BYTES = 4096;

  private final long maxRetainedMb;
  private final boolean useUnsafe;
  private final List<long[]> nativeBlocks = new ArrayList<>(); // {address, bytes}
  private final List<ByteBuffer> buffers = new ArrayList<>();
  private long retainedMb;

  /** Creates a store that refuses to retain more than {@code maxRetainedMb} MiB in total. */
  public OffHeapStore(long maxRetainedMb) {
    this(maxRetainedMb, true);
  }

  // useUnsafe false forces the direct-buffer fallback, so tests can exercise it.
  OffHeapStore(long maxRetainedMb, boolean useUnsafe) {
    if (maxRetainedMb < 0) {
      throw new IllegalArgumentException("maxRetainedMb must be >= 0, was " + maxRetainedMb);
    }
    this.maxRetainedMb = maxRetainedMb;
    this.useUnsafe = useUnsafe;
  }

  /**
   * Retains {@code mb} more MiB, every page written.
   *
   * @return the MiB retained in total afterwards
   * @throws BadParameterException (parameter {@code mb}) when the total would exceed the bound
   */
  public synchronized long allocate(long mb) {
    if (mb < 0 || retainedMb + mb > maxRetainedMb) {
      throw new BadParameterException("mb", "query parameter 'mb' would retain "
          + (retainedMb + mb) + " MB in total, above the bound of " + maxRetainedMb
          + " MB (GET /free releases it)");
    }
    if (mb == 0) {
      return retainedMb;
    }
    long bytes = mb * MIB;
    if (useUnsafe && UnsafeHolder.UNSAFE != null) {
      sun.misc.Unsafe unsafe = UnsafeHolder.UNSAFE;
      long blockBytes = Math.max(bytes, MIN_BLOCK_MB * MIB);
      long address = unsafe.allocateMemory(blockBytes);
      for (long offset = 0; offset < bytes; offset += PAGE_BYTES) {
        unsafe.putByte(address + offset, (byte) 1);
      }
      nativeBlocks.add(new long[] {address, blockBytes});
    } else {
      for (long left = bytes; left > 0; left -= Integer.MAX_VALUE / 2) {
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(left, Integer.MAX_VALUE / 2));
        for (int offset = 0; offset < buffer.capacity(); offset += PAGE_BYTES) {
          buffer.put(offset, (byte) 1);
        }
        buffers.add(buffer);
      }
    }
    retainedMb += mb;
    return retainedMb;
  }

  /**
   * Releases everything retained.
   *
   * @return the MiB released
   */
  public synchronized long free() {
    long released = retainedMb;
    for (long[] block : nativeBlocks) {
      UnsafeHolder.UNSAFE.freeMemory(block[0]);
    }
    nativeBlocks.clear();
    if (!buffers.isEmpty()) {
      buffers.clear();
      // Direct buffers give their memory back only once collected.
      System.gc();
    }
    retainedMb = 0;
    return released;
  }

  /** MiB retained now. */
  public synchronized long retainedMb() {
    return retainedMb;
  }

  // Looked up on first use only: newer JDKs print a warning when Unsafe memory access is first used.
  private static final class UnsafeHolder {
    static final sun.misc.Unsafe UNSAFE = findUnsafe();
  }

  private static sun.misc.Unsafe findUnsafe() {
    try {
      Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      sun.misc.Unsafe unsafe = (sun.misc.Unsafe) field.get(null);
      // Probe once: newer JDKs may refuse Unsafe memory access, then direct buffers serve instead.
      long probe = unsafe.allocateMemory(8);
      unsafe.freeMemory(probe);
      return unsafe;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }
}
