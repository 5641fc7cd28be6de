package dev.mio.config;

/** Where the single-instance baseline of a run comes from. */
public enum BaselineMode {
  /** Measure a 1-instance, 1-shard deployment with the same workload before the run. */
  MEASURE,
  /** Reuse a stored measured baseline for the same command and workload, measuring one when none is stored. */
  CACHED,
  /** No baseline: speedup and efficiency are null. */
  NONE
}
