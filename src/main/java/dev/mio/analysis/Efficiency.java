package dev.mio.analysis;

/**
 * The efficiency score: work per CPU-second of a deployment relative to the baseline's.
 *
 * @param score the raw value clamped to [0, 1], or {@code null} when it cannot be computed
 * @param raw the unclamped ratio, or {@code null} when it cannot be computed
 * @param nullReason why it is {@code null}; {@code null} when it was computed
 */
public record Efficiency(Double score, Double raw, String nullReason) {

  public Efficiency {
    if ((score == null) != (raw == null) || (raw == null) == (nullReason == null)) {
      throw new IllegalArgumentException("either score and raw are set, or both are null with a nullReason");
    }
  }

  /** An efficiency that could not be computed, with the reason. */
  public static Efficiency unmeasurable(String reason) {
    return new Efficiency(null, null, reason);
  }
}
