package dev.mio.config;

/** How the load driver picks the shard key of each request among K keys. */
public enum KeyDistribution {
  /** Every key equally likely. */
  UNIFORM,
  /** Key of rank k has probability proportional to 1 / k^s. */
  ZIPF,
  /** Keys 0, 1, …, K-1, 0, 1, … in turn. */
  SEQUENTIAL
}
