package dev.mio.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to launch: N instances of one command over S shards (instance {@code i} in shard {@code i % S}).
 *
 * @param commandTemplate argv with the placeholders {@code {port}}, {@code {shard}}, {@code {instance}}
 * @param instances number of instances N, 1..256
 * @param shards number of shards S, 1..N
 * @param healthPath path that answers 2xx when an instance is ready, e.g. {@code /health}
 * @param readyTimeout how long an instance may take to become ready
 * @param runDirectory folder for this deployment's files (one log per instance)
 * @param environment extra environment for every instance, on top of PORT, SHARD_ID, SHARD_COUNT,
 *     INSTANCE_ID and INSTANCE_COUNT
 */
public record DeploymentSpec(
    List<String> commandTemplate,
    int instances,
    int shards,
    String healthPath,
    Duration readyTimeout,
    Path runDirectory,
    Map<String, String> environment) {

  public DeploymentSpec {
    commandTemplate = List.copyOf(commandTemplate);
    environment = Map.copyOf(environment);
    Objects.requireNonNull(readyTimeout, "readyTimeout");
    Objects.requireNonNull(runDirectory, "runDirectory");
    if (commandTemplate.isEmpty()) {
      throw new IllegalArgumentException("command must have at least one word");
    }
    if (instances < 1 || instances > 256) {
      throw new IllegalArgumentException("instances must be 1..256, was " + instances);
    }
    if (shards < 1 || shards > instances) {
      throw new IllegalArgumentException("shards must be 1..instances (" + instances + "), was " + shards);
    }
    if (healthPath == null || !healthPath.startsWith("/")) {
      throw new IllegalArgumentException("health path must start with '/', was " + healthPath);
    }
    if (readyTimeout.isNegative() || readyTimeout.isZero()) {
      throw new IllegalArgumentException("ready timeout must be positive, was " + readyTimeout);
    }
  }

  /** The shard of an instance: {@code instanceId % shards}. */
  public int shardOf(int instanceId) {
    return instanceId % shards;
  }
}
