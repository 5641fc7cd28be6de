package dev.mio.worker;

import java.util.List;
import java.util.Map;

/**
 * What one built-in worker process serves: where it listens, how many requests it serves at once,
 * and which instance and shard it reports itself as.
 *
 * @param host address to bind, e.g. {@code 127.0.0.1}
 * @param port TCP port to bind, 0 for an ephemeral one
 * @param threads requests served at the same time (1 = one at a time, like a single Node.js process)
 * @param instanceId value of the {@code X-Instance-Id} header
 * @param shardId value of the {@code X-Shard-Id} header
 */
public record WorkerConfig(String host, int port, int threads, int instanceId, int shardId) {

  /** Highest accepted {@code --threads}: more would only measure the JDK's thread pool. */
  public static final int MAX_THREADS = 256;

  /** Validates every field; throws IllegalArgumentException naming the field and the rule. */
  public WorkerConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 0..65535, was " + port);
    }
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException(
          "threads must be in 1.." + MAX_THREADS + ", was " + threads);
    }
    if (instanceId < 0) {
      throw new IllegalArgumentException("instanceId must be >= 0, was " + instanceId);
    }
    if (shardId < 0) {
      throw new IllegalArgumentException("shardId must be >= 0, was " + shardId);
    }
  }

  /**
   * Builds the configuration from command-line options ({@code --port N}, {@code --threads N},
   * {@code --host H}, also as {@code --port=N}) and the environment ({@code PORT},
   * {@code SHARD_ID}, {@code INSTANCE_ID}); options win over the environment.
   *
   * @throws IllegalArgumentException naming the option or variable that is wrong
   */
  public static WorkerConfig parse(List<String> args, Map<String, String> env) {
    String host = "127.0.0.1";
    int port = envInt(env, "PORT", 0);
    int threads = 1;
    int instanceId = envInt(env, "INSTANCE_ID", 0);
    int shardId = envInt(env, "SHARD_ID", 0);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!name.equals("--port") && !name.equals("--threads") && !name.equals("--host")) {
        throw new IllegalArgumentException(
            "unknown option '" + arg + "' (expected --port N, --threads N, --host H)");
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        value = args.get(++i);
      }
      if (name.equals("--host")) {
        host = value;
      } else if (name.equals("--port")) {
        port = parseInt(name, value);
      } else {
        threads = parseInt(name, value);
      }
    }
    return new WorkerConfig(host, port, threads, instanceId, shardId);
  }

  private static int envInt(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return parseInt("environment variable " + name, value.trim());
  }

  private static int parseInt(String what, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be an integer, was '" + value + "'");
    }
  }
}
