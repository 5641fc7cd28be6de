package dev.mio.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves the API's bearer token from exactly one of {@code --token}, {@code --token-file} or the environment
 * variable {@code MIO_TOKEN}; the last two keep the secret out of {@code ps}.
 */
final class TokenSource {
  /** The environment variable that may hold the token. */
  static final String ENV = "MIO_TOKEN";
  private static final long MAX_FILE_BYTES = 4096;

  private TokenSource() {}

  /**
   * The token, or null when none of the three is given.
   *
   * @throws IllegalArgumentException naming the option when more than one is given, the file cannot be read, or
   *     the token is empty or holds whitespace or control characters
   */
  static String resolve(String option, Path file, Map<String, String> environment) {
    String fromEnv = environment.get(ENV);
    int given = (option != null ? 1 : 0) + (file != null ? 1 : 0) + (fromEnv != null ? 1 : 0);
    if (given > 1) {
      throw new IllegalArgumentException("give the token one way only: --token, --token-file or $" + ENV);
    }
    if (option != null) {
      return checked(option, "--token");
    }
    if (fromEnv != null) {
      return checked(fromEnv, "$" + ENV);
    }
    if (file == null) {
      return null;
    }
    try {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("--token-file " + file + " is not a readable file");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new IllegalArgumentException("--token-file " + file + " is over " + MAX_FILE_BYTES + " bytes");
      }
      String content = Files.readString(file, StandardCharsets.UTF_8);
      int newline = content.indexOf('\n');
      String line = newline < 0 ? content : content.substring(0, newline);
      return checked(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line, "--token-file " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException("--token-file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static String checked(String token, String where) {
    if (token.isEmpty()) {
      throw new IllegalArgumentException(where + ": the token must not be empty");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException(where + ": the token must not hold spaces or control characters");
      }
    }
    return token;
  }
}
