package dev.mio.run;

/** Hears about a run's progress, e.g. to print it on a terminal. */
public interface RunListener {
  /** A listener that ignores everything. */
  RunListener NONE = (phase, message) -> { };

  /** The run entered {@code phase}, or has news within it. */
  void onProgress(RunPhase phase, String message);
}
