package dev.mio.sample;

/**
 * How often and how much the resource sampler samples.
 *
 * @param intervalMillis time between samples (DESIGN.md: 100 ms)
 * @param capacity samples kept per instance in its ring (600 = one minute at 100 ms)
 * @param discoveryIntervalMillis time between scans for new descendants; known processes are read every sample
 */
public record SamplerSettings(long intervalMillis, int capacity, long discoveryIntervalMillis) {

  public SamplerSettings {
    if (intervalMillis < 10 || intervalMillis > 60_000) {
      throw new IllegalArgumentException("intervalMillis must be 10..60000, was " + intervalMillis);
    }
    if (capacity < 1 || capacity > 1_000_000) {
      throw new IllegalArgumentException("capacity must be 1..1000000, was " + capacity);
    }
    if (discoveryIntervalMillis < intervalMillis || discoveryIntervalMillis > 600_000) {
      throw new IllegalArgumentException("discoveryIntervalMillis must be ≥ intervalMillis and ≤ 600000, was "
          + discoveryIntervalMillis);
    }
  }

  /** The defaults: every 100 ms, 600 samples kept, new descendants found within 1 s. */
  public static SamplerSettings defaults() {
    return new SamplerSettings(100, 600, 1000);
  }
}
