package dev.mio.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the server's instances run, fixed when the server starts; no request can choose or change it.
 *
 * @param command argv template of an instance with {port}, {shard}, {instance}
 * @param healthPath path answering 2xx when an instance is ready
 * @param readyTimeout how long each instance may take to become ready
 */
public record FixedDeployment(List<String> command, String healthPath, Duration readyTimeout) {

  public FixedDeployment {
    command = List.copyOf(command);
    Objects.requireNonNull(healthPath, "healthPath");
    Objects.requireNonNull(readyTimeout, "readyTimeout");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must have at least one word");
    }
  }
}
