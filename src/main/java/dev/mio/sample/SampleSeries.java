package dev.mio.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bounded ring of one tree's latest samples plus its window aggregates; written by the sampler thread,
 * read by any thread. Its lock is held only to copy a few fields, never during OS reads.
 */
final class SampleSeries {

  private final ResourceSample[] ring;
  private final WindowAccumulator window = new WindowAccumulator();
  private int next;
  private int size;

  SampleSeries(int capacity) {
    this.ring = new ResourceSample[capacity];
  }

  synchronized void record(ResourceSample sample) {
    ring[next] = sample;
    next = (next + 1) % ring.length;
    size = Math.min(size + 1, ring.length);
    window.add(sample.intervalNanos(), sample.intervalCpuNanos(), sample.cpuPercent(), sample.rssBytes());
  }

  synchronized Optional<ResourceSample> latest() {
    return size == 0 ? Optional.empty() : Optional.of(ring[(next - 1 + ring.length) % ring.length]);
  }

  synchronized List<ResourceSample> series() {
    List<ResourceSample> out = new ArrayList<>(size);
    for (int i = size; i > 0; i--) {
      out.add(ring[(next - i + ring.length) % ring.length]);
    }
    return List.copyOf(out);
  }

  synchronized void resetWindow() {
    window.reset();
  }

  synchronized Optional<ResourceStats> windowStats() {
    return window.stats();
  }
}
