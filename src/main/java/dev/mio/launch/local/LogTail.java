package dev.mio.launch.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the last lines of an instance log for error messages, looking at its end only. */
final class LogTail {
  private static final int MAX_BYTES = 8192;

  private LogTail() {}

  /** The last {@code count} lines of the file, or an empty list when it is missing or empty. */
  static List<String> lastLines(Path file, int count) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      int size = (int) Math.min(length, MAX_BYTES);
      byte[] bytes = new byte[size];
      f.seek(length - size);
      f.readFully(bytes);
      List<String> lines = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n")));
      lines.removeIf(String::isBlank);
      return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
    } catch (IOException e) {
      return List.of();
    }
  }
}
