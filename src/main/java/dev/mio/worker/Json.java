package dev.mio.worker;

/** Writes JSON string literals; the worker's bodies are so small that a library would only cost start-up. */
final class Json {

  private Json() {}

  /** Returns {@code value} as a quoted, escaped JSON string. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
