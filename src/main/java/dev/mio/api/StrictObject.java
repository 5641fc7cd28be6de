package dev.mio.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Typed, bounded reads of one JSON object of a request, each failure an {@link ApiException} (400) naming the field
 * by its dotted path; a field given as JSON {@code null} counts as absent.
 */
final class StrictObject {
  private final JsonNode node;
  private final String prefix;

  private StrictObject(JsonNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  /** The object {@code node}, whose fields are named {@code path.field} in errors (top level: empty path). */
  static StrictObject of(JsonNode node, String path, Set<String> allowedFields) {
    if (node == null || !node.isObject()) {
      throw ApiException.badField(path.isEmpty() ? null : path,
          (path.isEmpty() ? "the body" : path) + " must be a JSON object, was " + kind(node));
    }
    StrictObject object = new StrictObject(node, path.isEmpty() ? "" : path + ".");
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowedFields.contains(name)) {
        String shown = object.prefix + abbreviate(name);
        throw ApiException.badField(shown,
            "unknown field '" + shown + "'; known fields: " + String.join(", ", sorted(allowedFields)));
      }
    }
    return object;
  }

  /** Whether the field is present and not null. */
  boolean has(String name) {
    JsonNode value = node.get(name);
    return value != null && !value.isNull();
  }

  /** The raw value of a present field. */
  JsonNode raw(String name) {
    return node.get(name);
  }

  /** The dotted name of a field of this object. */
  String path(String name) {
    return prefix + name;
  }

  /** A whole number in [min, max], or {@code fallback} when absent. */
  long wholeNumber(String name, long min, long max, long fallback) {
    if (!has(name)) {
      return fallback;
    }
    JsonNode value = node.get(name);
    if (!value.isIntegralNumber()) {
      throw ApiException.badField(path(name),
          path(name) + " must be a whole number in " + min + ".." + max + ", was " + kind(value));
    }
    if (!value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
      throw ApiException.badField(path(name),
          path(name) + " must be in " + min + ".." + max + ", was " + abbreviate(value.asText()));
    }
    return value.asLong();
  }

  /** A number in (0, max], or {@code fallback} when absent. */
  double positiveNumber(String name, double max, double fallback) {
    if (!has(name)) {
      return fallback;
    }
    JsonNode value = node.get(name);
    if (!value.isNumber()) {
      throw ApiException.badField(path(name), path(name) + " must be a number, was " + kind(value));
    }
    double number = value.asDouble();
    if (!(number > 0 && number <= max)) {
      throw ApiException.badField(path(name),
          path(name) + " must be > 0 and ≤ " + max + ", was " + abbreviate(value.asText()));
    }
    return number;
  }

  /** A string, or {@code fallback} when absent. */
  String text(String name, String fallback) {
    if (!has(name)) {
      return fallback;
    }
    JsonNode value = node.get(name);
    if (!value.isTextual()) {
      throw ApiException.badField(path(name), path(name) + " must be a string, was " + kind(value));
    }
    return value.asText();
  }

  /** One of an enum's constants written in lower case, or {@code fallback} when absent. */
  <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
    String text = text(name, null);
    if (text == null) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().toLowerCase(Locale.ROOT).equals(text)) {
        return constant;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : "|").append(constant.name().toLowerCase(Locale.ROOT));
    }
    throw ApiException.badField(path(name), path(name) + " must be " + allowed + ", was '" + abbreviate(text) + "'");
  }

  /** What kind of JSON value {@code node} is, for error messages. */
  static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isIntegralNumber()) {
      return "the whole number " + abbreviate(node.asText());
    }
    return "the number " + abbreviate(node.asText());
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }

  private static String[] sorted(Set<String> names) {
    return names.stream().sorted().toArray(String[]::new);
  }
}
