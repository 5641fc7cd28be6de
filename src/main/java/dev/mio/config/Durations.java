package dev.mio.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and formats the durations of the command line and the API: {@code 250ms}, {@code 10s}, {@code 2m}. */
public final class Durations {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m)");

  private Durations() {}

  /**
   * Parses a duration written as a whole number followed by {@code ms}, {@code s} or {@code m}.
   *
   * @throws IllegalArgumentException naming the text and the accepted form
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("duration is missing: write e.g. 500ms, 10s or 2m");
    }
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "duration '" + text + "' is not valid: write a whole number with ms, s or m, e.g. 500ms, 10s, 2m");
    }
    long amount = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      default:
        return Duration.ofMinutes(amount);
    }
  }

  /** Formats a duration in the largest unit that represents it exactly. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0 && millis > 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
