package dev.mio.worker;

/** Reads bounded numeric query parameters from a raw query string, ignoring every other parameter. */
public final class QueryParameters {

  private QueryParameters() {}

  /**
   * Returns the value of parameter {@code name} in {@code rawQuery} as a long in {@code 0..max}.
   *
   * @param rawQuery the query without the leading {@code ?}, may be null
   * @param name the parameter to read; its first occurrence wins
   * @param max the largest accepted value (inclusive)
   * @throws BadParameterException when the parameter is missing, not a whole number, negative or
   *     above {@code max}
   */
  public static long boundedLong(String rawQuery, String name, long max) {
    String raw = find(rawQuery, name);
    if (raw == null) {
      throw new BadParameterException(name, "missing query parameter '" + name + "'");
    }
    long value;
    try {
      value = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new BadParameterException(
          name, "query parameter '" + name + "' must be a whole number, was '" + clip(raw) + "'");
    }
    if (value < 0 || value > max) {
      throw new BadParameterException(
          name, "query parameter '" + name + "' must be in 0.." + max + ", was " + value);
    }
    return value;
  }

  /** Returns the raw value of the first {@code name=value} pair, "" for a bare name, or null. */
  static String find(String rawQuery, String name) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    int start = 0;
    int length = rawQuery.length();
    while (start <= length) {
      int end = rawQuery.indexOf('&', start);
      if (end < 0) {
        end = length;
      }
      int eq = rawQuery.indexOf('=', start);
      int nameEnd = eq >= 0 && eq < end ? eq : end;
      if (nameEnd - start == name.length() && rawQuery.startsWith(name, start)) {
        return nameEnd == end ? "" : rawQuery.substring(nameEnd + 1, end);
      }
      start = end + 1;
    }
    return null;
  }

  // Echoing a client's input back is fine, but never an unbounded amount of it.
  private static String clip(String raw) {
    return raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
  }
}
