package dev.mio.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What the built-in load driver sends: the model, its concurrency or rate, the request template and the
 * key distribution.
 *
 * @param model closed (fixed connections) or open (fixed rate)
 * @param connections connections the driver keeps open (closed: also the requests in flight)
 * @param ratePerSecond requests per second to send in the open model; ignored (0) in the closed model
 * @param pathTemplate request path and query, where {@code {key}} is replaced by the request's shard key
 * @param keyDistribution how keys are chosen
 * @param keyCount number of distinct keys, named {@code 0 … keyCount-1}
 * @param zipfExponent the exponent s of the zipf distribution (used only by ZIPF)
 * @param timeout per-request time-out
 */
public record WorkloadSpec(
    LoadModel model,
    int connections,
    double ratePerSecond,
    String pathTemplate,
    KeyDistribution keyDistribution,
    int keyCount,
    double zipfExponent,
    Duration timeout) {

  /** The default request template: 200 µs of CPU on the built-in worker, keyed. */
  public static final String DEFAULT_PATH = "/work?cpuMicros=200&key={key}";

  public WorkloadSpec {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(keyDistribution, "keyDistribution");
    Objects.requireNonNull(timeout, "timeout");
    if (connections < 1 || connections > 10_000) {
      throw new IllegalArgumentException("connections must be 1..10000, was " + connections);
    }
    if (model == LoadModel.OPEN && !(ratePerSecond > 0 && ratePerSecond <= 1_000_000)) {
      throw new IllegalArgumentException("rate must be >0 and ≤1000000 req/s for the open model, was " + ratePerSecond);
    }
    if (pathTemplate == null || !pathTemplate.startsWith("/") || pathTemplate.length() > 2048
        || pathTemplate.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      throw new IllegalArgumentException(
          "path must start with '/', have no spaces or control characters and be at most 2048 characters, was "
              + pathTemplate);
    }
    if (keyCount < 1 || keyCount > 100_000_000) {
      throw new IllegalArgumentException("keys must be 1..100000000, was " + keyCount);
    }
    if (!(zipfExponent > 0 && zipfExponent <= 10)) {
      throw new IllegalArgumentException("zipf exponent must be >0 and ≤10, was " + zipfExponent);
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("timeout must be >0 and ≤10m, was " + timeout);
    }
  }

  /** The default workload for a deployment of the given size: closed model, max(16, 8 × instances) connections. */
  public static WorkloadSpec defaults(int instances) {
    return closed(Math.max(16, 8 * instances), DEFAULT_PATH);
  }

  /** A closed-model workload over 10 000 uniform keys with a 10 s time-out. */
  public static WorkloadSpec closed(int connections, String pathTemplate) {
    return new WorkloadSpec(LoadModel.CLOSED, connections, 0, pathTemplate, KeyDistribution.UNIFORM, 10_000, 1.0,
        Duration.ofSeconds(10));
  }

  /** An open-model workload at a fixed rate over 10 000 uniform keys with a 10 s time-out. */
  public static WorkloadSpec open(double ratePerSecond, int connections, String pathTemplate) {
    return new WorkloadSpec(LoadModel.OPEN, connections, ratePerSecond, pathTemplate, KeyDistribution.UNIFORM, 10_000,
        1.0, Duration.ofSeconds(10));
  }

  /** This workload with another key distribution. */
  public WorkloadSpec withKeys(KeyDistribution distribution, int count, double exponent) {
    return new WorkloadSpec(model, connections, ratePerSecond, pathTemplate, distribution, count, exponent, timeout);
  }

  /** This workload with another per-request time-out. */
  public WorkloadSpec withTimeout(Duration newTimeout) {
    return new WorkloadSpec(model, connections, ratePerSecond, pathTemplate, keyDistribution, keyCount, zipfExponent,
        newTimeout);
  }
}
