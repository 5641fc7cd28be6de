package dev.mio.load;

import java.util.SplittableRandom;

/**
 * Zipf-distributed keys: key {@code r-1} has probability proportional to {@code 1 / r^s} for rank r in 1..K, drawn
 * in O(1) expected time and no memory per key by rejection-inversion.
 *
 * @see <a href="https://doi.org/10.1145/235025.235029">Hörmann &amp; Derflinger, "Rejection-inversion to generate
 *     variates from monotone discrete distributions", ACM TOMACS 6(3), 1996</a>
 */
final class ZipfKeySampler implements KeySampler {
  private final int keyCount;
  private final double exponent;
  private final SplittableRandom random;
  private final double areaAtX1;
  private final double areaAtN;
  private final double squeeze;

  ZipfKeySampler(int keyCount, double exponent, SplittableRandom random) {
    this.keyCount = keyCount;
    this.exponent = exponent;
    this.random = random;
    this.areaAtX1 = area(1.5) - 1.0;
    this.areaAtN = area(keyCount + 0.5);
    this.squeeze = 2.0 - areaInverse(area(2.5) - hat(2.0));
  }

  @Override
  public int nextKey() {
    while (true) {
      double u = areaAtN + random.nextDouble() * (areaAtX1 - areaAtN);
      double x = areaInverse(u);
      int rank = (int) (x + 0.5);
      if (rank < 1) {
        rank = 1;
      } else if (rank > keyCount) {
        rank = keyCount;
      }
      // Accept at once inside the squeeze, else when u falls under the true mass of the rank.
      if (rank - x <= squeeze || u >= area(rank + 0.5) - hat(rank)) {
        return rank - 1;
      }
    }
  }

  /** The hat function x^-s. */
  private double hat(double x) {
    return Math.exp(-exponent * Math.log(x));
  }

  /** Antiderivative of the hat, (x^(1-s) - 1) / (1 - s), written to stay accurate near s = 1. */
  private double area(double x) {
    double logX = Math.log(x);
    return expm1OverX((1.0 - exponent) * logX) * logX;
  }

  /** Inverse of {@link #area}. */
  private double areaInverse(double y) {
    double t = y * (1.0 - exponent);
    if (t < -1.0) {
      t = -1.0; // guards rounding just past the domain of log1p
    }
    return Math.exp(log1pOverX(t) * y);
  }

  private static double log1pOverX(double x) {
    return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
  }

  private static double expm1OverX(double x) {
    return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x));
  }
}
