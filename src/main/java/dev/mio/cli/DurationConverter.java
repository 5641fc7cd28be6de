package dev.mio.cli;

import dev.mio.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Converts {@code 500ms}, {@code 10s}, {@code 2m} flags to durations with a clear error otherwise. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
