package dev.mio.load;

/** Keys 0, 1, …, K-1, 0, 1, … in turn. */
final class SequentialKeySampler implements KeySampler {
  private final int keyCount;
  private int next;

  SequentialKeySampler(int keyCount, int start) {
    this.keyCount = keyCount;
    this.next = Math.floorMod(start, keyCount);
  }

  @Override
  public int nextKey() {
    int k = next;
    next = k + 1 == keyCount ? 0 : k + 1;
    return k;
  }
}
