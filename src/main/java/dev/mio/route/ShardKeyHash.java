package dev.mio.route;

/**
 * The documented, stable 64-bit hash of a shard key: FNV-1a 64 over the key's UTF-8 bytes, then the
 * MurmurHash3 {@code fmix64} finalizer.
 *
 * <p>Precisely, with all arithmetic on unsigned 64-bit integers modulo 2^64:
 *
 * <pre>
 *   h = 0xcbf29ce484222325                      (FNV-1a 64 offset basis)
 *   for each byte b of UTF-8(key):  h = (h XOR b) * 0x00000100000001b3   (FNV 64 prime)
 *   h = h XOR (h >> 33);  h = h * 0xff51afd7ed558ccd
 *   h = h XOR (h >> 33);  h = h * 0xc4ceb9fe1a85ec53
 *   h = h XOR (h >> 33)                          (MurmurHash3 fmix64)
 * </pre>
 *
 * The finalizer spreads FNV's weak high bits, which Jump Consistent Hash relies on. An unpaired UTF-16
 * surrogate in a Java string is encoded as {@code '?'} (0x3F), as {@link String#getBytes} does. The result does
 * not depend on the JVM, the platform or the run; {@code docs/SHARDING.md} has known answers and a Python version.
 *
 * @see <a href="http://www.isthe.com/chongo/tech/comp/fnv/">FNV hash</a>
 * @see <a href="https://github.com/aappleby/smhasher/wiki/MurmurHash3">MurmurHash3 fmix64</a>
 */
public final class ShardKeyHash {
  static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
  static final long FNV_PRIME = 0x00000100000001b3L;

  private ShardKeyHash() {}

  /** The stable hash of the key's UTF-8 bytes, computed without allocating. */
  public static long hash64(String key) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    long h = FNV_OFFSET_BASIS;
    int n = key.length();
    for (int i = 0; i < n; i++) {
      char c = key.charAt(i);
      if (c < 0x80) {
        h = step(h, c);
      } else if (c < 0x800) {
        h = step(h, 0xC0 | (c >>> 6));
        h = step(h, 0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, key.charAt(++i));
        h = step(h, 0xF0 | (cp >>> 18));
        h = step(h, 0x80 | ((cp >>> 12) & 0x3F));
        h = step(h, 0x80 | ((cp >>> 6) & 0x3F));
        h = step(h, 0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        h = step(h, '?');
      } else {
        h = step(h, 0xE0 | (c >>> 12));
        h = step(h, 0x80 | ((c >>> 6) & 0x3F));
        h = step(h, 0x80 | (c & 0x3F));
      }
    }
    return fmix64(h);
  }

  /** The stable hash of raw key bytes (already UTF-8). */
  public static long hash64(byte[] utf8) {
    long h = FNV_OFFSET_BASIS;
    for (byte b : utf8) {
      h = step(h, b & 0xFF);
    }
    return fmix64(h);
  }

  private static long step(long h, int unsignedByte) {
    return (h ^ unsignedByte) * FNV_PRIME;
  }

  /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit. */
  static long fmix64(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
