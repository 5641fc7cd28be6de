package dev.mio.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mio.config.BaselineMode;
import dev.mio.config.KeyDistribution;
import dev.mio.config.LoadModel;
import dev.mio.config.RunSpec;
import dev.mio.config.WorkloadSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the optional JSON body of {@code POST …/start} into a {@link RunSpec}: strict (unknown fields, wrong types
 * and out-of-range values are refused naming the field), bounded, and with the command fixed by the server.
 */
public final class StartRequest {
  /** Largest accepted body, in bytes. */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  /** Longest accepted phase (baseline, warm-up, window), in milliseconds: RunSpec's 24 h. */
  public static final long MAX_PHASE_MS = RunSpec.MAX_PHASE.toMillis();

  static final long DEFAULT_BASELINE_MS = 5_000;
  static final long DEFAULT_WARMUP_MS = 1_000;

  private static final Set<String> TOP = Set.of("instances", "shards", "workload", "baseline", "baselineMs",
      "warmupMs", "durationMs");
  private static final Set<String> WORKLOAD = Set.of("model", "connections", "rate", "path", "keyDistribution",
      "keys", "zipfExponent", "timeoutMs");
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private StartRequest() {}

  /**
   * The run a start body asks for (empty body: every default).
   *
   * @throws ApiException 400 naming the field at fault
   */
  public static RunSpec parse(byte[] body, FixedDeployment deployment) {
    JsonNode root = read(body);
    StrictObject top = StrictObject.of(root, "", TOP);
    int instances = (int) top.wholeNumber("instances", 1, 256, 4);
    int shards = (int) top.wholeNumber("shards", 1, instances, Math.min(2, instances));
    Optional<WorkloadSpec> workload = workload(top, instances);
    BaselineMode baseline = top.choice("baseline", BaselineMode.class,
        workload.isPresent() ? BaselineMode.MEASURE : BaselineMode.NONE);
    if (workload.isEmpty() && baseline != BaselineMode.NONE) {
      throw ApiException.badField("baseline",
          "with \"workload\":\"none\" no baseline under the same load exists: baseline must be none");
    }
    long baselineMs = top.wholeNumber("baselineMs", 1, MAX_PHASE_MS, DEFAULT_BASELINE_MS);
    long warmupMs = top.wholeNumber("warmupMs", 0, MAX_PHASE_MS, DEFAULT_WARMUP_MS);
    Optional<Duration> duration = top.has("durationMs")
        ? Optional.of(Duration.ofMillis(top.wholeNumber("durationMs", 1, MAX_PHASE_MS, 0)))
        : Optional.empty();
    try {
      return new RunSpec(instances, shards, deployment.command(), deployment.healthPath(), workload, baseline,
          Duration.ofMillis(baselineMs), Duration.ofMillis(warmupMs), duration, deployment.readyTimeout());
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage(), null);
    }
  }

  private static JsonNode read(byte[] body) {
    if (body == null || body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
      return STRICT.createObjectNode();
    }
    try {
      JsonNode node = STRICT.readTree(body);
      return node == null || node.isMissingNode() ? STRICT.createObjectNode() : node;
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "malformed JSON: " + e.getOriginalMessage(), null);
    } catch (java.io.IOException | RuntimeException e) {
      throw new ApiException(400, "unreadable body: " + e.getClass().getSimpleName(), null);
    }
  }

  private static Optional<WorkloadSpec> workload(StrictObject top, int instances) {
    if (!top.has("workload")) {
      return Optional.of(WorkloadSpec.defaults(instances));
    }
    JsonNode raw = top.raw("workload");
    if (raw.isTextual()) {
      if (raw.asText().equals("none")) {
        return Optional.empty();
      }
      throw ApiException.badField("workload", "workload must be \"none\" or an object, was the string '"
          + (raw.asText().length() > 40 ? raw.asText().substring(0, 40) + "..." : raw.asText()) + "'");
    }
    if (!raw.isObject()) {
      throw ApiException.badField("workload", "workload must be \"none\" or an object, was " + StrictObject.kind(raw));
    }
    StrictObject w = StrictObject.of(raw, "workload", WORKLOAD);
    LoadModel model = w.choice("model", LoadModel.class, LoadModel.CLOSED);
    int connections = (int) w.wholeNumber("connections", 1, 10_000, Math.max(16, 8L * instances));
    double rate = w.positiveNumber("rate", 1_000_000, 0);
    if (model == LoadModel.OPEN && rate == 0) {
      throw ApiException.badField("workload.rate", "the open model needs workload.rate (requests per second)");
    }
    if (model == LoadModel.CLOSED && rate != 0) {
      throw ApiException.badField("workload.rate", "workload.rate applies to the open model only");
    }
    String path = w.text("path", WorkloadSpec.DEFAULT_PATH);
    if (!path.startsWith("/") || path.length() > 2048 || path.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      throw ApiException.badField("workload.path",
          "workload.path must start with '/', have no spaces or control characters and be at most 2048 characters");
    }
    KeyDistribution distribution = w.choice("keyDistribution", KeyDistribution.class, KeyDistribution.UNIFORM);
    int keys = (int) w.wholeNumber("keys", 1, 100_000_000, 10_000);
    double exponent = w.positiveNumber("zipfExponent", 10, 1.0);
    long timeoutMs = w.wholeNumber("timeoutMs", 1, 600_000, 10_000);
    try {
      return Optional.of(new WorkloadSpec(model, connections, rate, path, distribution, keys, exponent,
          Duration.ofMillis(timeoutMs)));
    } catch (IllegalArgumentException e) {
      throw ApiException.badField("workload", e.getMessage());
    }
  }
}
