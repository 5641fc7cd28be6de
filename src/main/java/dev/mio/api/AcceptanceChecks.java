package dev.mio.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The spec's acceptance criteria, checked against the measured values of a stop response. */
public final class AcceptanceChecks {
  private static final Pattern PERCENT = Pattern.compile("\\d+%");
  private static final Pattern MEGABYTES = Pattern.compile("\\d+MB");
  private static final Pattern REQ_PER_SEC = Pattern.compile("\\d+ req/sec");

  private AcceptanceChecks() {}

  /**
   * One criterion's verdict.
   *
   * @param criterion what the spec asks
   * @param passed whether the measured values meet it
   * @param measured the values it was judged on
   */
  public record Check(String criterion, boolean passed, String measured) {}

  /** Every criterion judged on a stop response {@code {"stopped":true,"stats":{…}}}. */
  public static List<Check> judge(JsonNode stopResponse) {
    List<Check> checks = new ArrayList<>();
    JsonNode stats = stopResponse.path("stats");
    List<String> problems = typeProblems(stats);
    checks.add(new Check("stats on the stop response, every spec field with its type",
        stopResponse.path("stopped").asBoolean(false) && problems.isEmpty(),
        problems.isEmpty() ? "stopped=" + stopResponse.path("stopped") + ", 13 fields typed as the spec says"
            : String.join("; ", problems)));
    checks.add(perInstanceResources(stats));
    checks.add(measuredSpeedup(stats));
    checks.add(distribution(stats));
    checks.add(latency(stats));
    JsonNode efficiency = stats.path("efficiencyScore");
    checks.add(new Check("efficiency score measured, in [0, 1]",
        efficiency.isNumber() && efficiency.asDouble() >= 0 && efficiency.asDouble() <= 1,
        "efficiencyScore=" + efficiency + " (unclamped " + stats.path("details").path("efficiencyRaw") + ")"));
    JsonNode accounting = stats.path("details").path("accounting");
    checks.add(new Check("request accounting balanced (sent = sum of outcome buckets)",
        accounting.path("balanced").asBoolean(false), accounting.toString()));
    return checks;
  }

  /** What is missing or mistyped among the spec's {@code stats} fields (empty when all is well). */
  public static List<String> typeProblems(JsonNode stats) {
    List<String> problems = new ArrayList<>();
    if (!stats.isObject()) {
      problems.add("stats is not an object: " + stats);
      return problems;
    }
    requireInt(stats, "instances", problems);
    requireInt(stats, "shards", problems);
    requireInt(stats, "durationMs", problems);
    requireNumber(stats, "speedupRatio", problems);
    requireText(stats, "cpuUtilization", PERCENT, problems);
    requireText(stats, "memoryUsage", MEGABYTES, problems);
    requireText(stats, "throughput", REQ_PER_SEC, problems);
    requireNumber(stats, "latencyP50", problems);
    requireNumber(stats, "latencyP95", problems);
    requireNumber(stats, "latencyP99", problems);
    requireNumber(stats, "efficiencyScore", problems);
    if (!stats.path("requestDistribution").isObject()) {
      problems.add("requestDistribution is not an object: " + stats.path("requestDistribution"));
    }
    requireInt(stats, "totalRequests", problems);
    return problems;
  }

  private static Check perInstanceResources(JsonNode stats) {
    JsonNode instances = stats.path("details").path("perInstance");
    boolean ok = instances.isArray() && instances.size() == stats.path("instances").asInt(-1);
    StringBuilder measured = new StringBuilder();
    for (JsonNode instance : instances) {
      JsonNode resources = instance.path("resources");
      double cpuSeconds = resources.path("cpuSeconds").asDouble(0);
      long rss = resources.path("avgRssBytes").asLong(0);
      ok &= cpuSeconds > 0 && rss > 0;
      measured.append(String.format(Locale.ROOT, "#%d pid %d: %.2f CPU-s, %.0f MB; ", instance.path("instance").asInt(),
          instance.path("pid").asLong(), cpuSeconds, rss / 1048576.0));
    }
    measured.append("source ").append(stats.path("details").path("resourceSource").asText("?"));
    return new Check("real CPU and memory of every instance, from the OS", ok && instances.size() > 0,
        measured.toString());
  }

  private static Check measuredSpeedup(JsonNode stats) {
    JsonNode baseline = stats.path("details").path("baseline");
    JsonNode speedup = stats.path("speedupRatio");
    boolean ok = speedup.isNumber() && "measured".equals(baseline.path("source").asText())
        && baseline.path("throughputPerSec").isNumber() && baseline.path("throughputPerSec").asDouble() > 0;
    return new Check("speedup measured against a measured 1-instance baseline, not estimated", ok,
        String.format(Locale.ROOT, "speedupRatio=%s = %s req/s ÷ baseline %s req/s (source %s)", speedup,
            stats.path("details").path("throughputPerSec"), baseline.path("throughputPerSec"),
            baseline.path("source")));
  }

  private static Check distribution(JsonNode stats) {
    JsonNode distribution = stats.path("requestDistribution");
    long sum = 0;
    boolean ok = distribution.isObject() && distribution.size() == stats.path("shards").asInt(-1);
    for (Iterator<Map.Entry<String, JsonNode>> it = distribution.fields(); it.hasNext(); ) {
      long count = it.next().getValue().asLong(0);
      ok &= count > 0;
      sum += count;
    }
    ok &= sum == stats.path("totalRequests").asLong(-1);
    return new Check("requests distributed across every shard, summing to totalRequests", ok,
        distribution + ", sum " + sum + " vs totalRequests " + stats.path("totalRequests") + ", skew "
            + stats.path("details").path("distributionSkew"));
  }

  private static Check latency(JsonNode stats) {
    JsonNode p50 = stats.path("latencyP50");
    JsonNode p95 = stats.path("latencyP95");
    JsonNode p99 = stats.path("latencyP99");
    boolean ok = p50.isNumber() && p95.isNumber() && p99.isNumber() && p50.asDouble() > 0
        && p50.asDouble() <= p95.asDouble() && p95.asDouble() <= p99.asDouble();
    return new Check("latency percentiles measured and ordered p50 ≤ p95 ≤ p99", ok,
        "p50 " + p50 + " ms, p95 " + p95 + " ms, p99 " + p99 + " ms over "
            + stats.path("details").path("latencyMs").path("count") + " responses");
  }

  private static void requireInt(JsonNode stats, String field, List<String> problems) {
    if (!stats.path(field).isIntegralNumber()) {
      problems.add(field + " is not an integer: " + stats.path(field));
    }
  }

  private static void requireNumber(JsonNode stats, String field, List<String> problems) {
    if (!stats.path(field).isNumber()) {
      problems.add(field + " is not a number: " + stats.path(field));
    }
  }

  private static void requireText(JsonNode stats, String field, Pattern shape, List<String> problems) {
    JsonNode value = stats.path(field);
    if (!value.isTextual() || !shape.matcher(value.asText()).matches()) {
      problems.add(field + " is not like " + shape.pattern() + ": " + value);
    }
  }
}
