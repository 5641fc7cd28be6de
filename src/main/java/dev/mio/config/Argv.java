package dev.mio.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command written on one line into words the way a POSIX shell would (quotes and backslashes), without
 * running any shell and without expanding variables, globs or substitutions.
 */
public final class Argv {
  private Argv() {}

  /**
   * Splits {@code line} into argv words.
   *
   * @throws IllegalArgumentException when a quote is not closed or the line has no word
   */
  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("command has an unclosed single quote: " + line);
        }
        word.append(line, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        i = readDoubleQuoted(line, i + 1, word);
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 < n) {
          if (line.charAt(i + 1) != '\n') {
            word.append(line.charAt(i + 1));
            inWord = true;
          }
          i += 2;
        } else {
          i++;
        }
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    if (words.isEmpty()) {
      throw new IllegalArgumentException("command is empty");
    }
    return List.copyOf(words);
  }

  private static int readDoubleQuoted(String line, int from, StringBuilder word) {
    int i = from;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\' && i + 1 < line.length() && "\"\\$`\n".indexOf(line.charAt(i + 1)) >= 0) {
        if (line.charAt(i + 1) != '\n') {
          word.append(line.charAt(i + 1));
        }
        i += 2;
      } else {
        word.append(c);
        i++;
      }
    }
    throw new IllegalArgumentException("command has an unclosed double quote: " + line);
  }
}
