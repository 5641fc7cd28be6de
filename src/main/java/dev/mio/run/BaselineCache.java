package dev.mio.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mio.config.WorkloadSpec;
import dev.mio.report.BaselineResult;
import dev.mio.report.PhaseResult;
import dev.mio.report.ReportJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Measured baselines kept in the state folder, keyed by the command and the workload, so that {@code baseline:
 * cached} can reuse one (with the date it was measured) instead of measuring again.
 */
public final class BaselineCache {
  private final Path folder;
  // Derived getters of the records (e.g. windowMillis) are written but not read back.
  private final ObjectMapper mapper =
      ReportJson.mapper().copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** A cache in {@code folder} (created when first written). */
  public BaselineCache(Path folder) {
    this.folder = folder;
  }

  /** The cache key of a baseline: the same command, health path and workload give the same key. */
  public static String keyOf(List<String> command, String healthPath, WorkloadSpec workload) {
    return String.join("\u0000", command) + "\u0001" + healthPath + "\u0001" + ReportJson.workload(workload);
  }

  /** The stored baseline for this key, marked as cached, or empty when there is none or it cannot be read. */
  public Optional<BaselineResult> find(String key) {
    Path file = fileOf(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      ObjectNode node = (ObjectNode) mapper.readTree(file.toFile());
      if (!key.equals(node.path("key").asText())) {
        return Optional.empty();
      }
      PhaseResult phase = mapper.treeToValue(node.get("phase"), PhaseResult.class);
      Instant measuredAt = Instant.parse(node.get("measuredAt").asText());
      return Optional.of(new BaselineResult("cached", measuredAt, phase));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Stores a measured baseline under this key, replacing any older one atomically. */
  public void store(String key, BaselineResult baseline) throws IOException {
    Files.createDirectories(folder);
    ObjectNode node = mapper.createObjectNode();
    node.put("key", key);
    node.put("measuredAt", baseline.measuredAt().toString());
    node.set("phase", mapper.valueToTree(baseline.phase()));
    Path file = fileOf(key);
    Path tmp = Files.createTempFile(folder, "baseline", ".tmp");
    Files.writeString(tmp, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Path fileOf(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return folder.resolve("baseline-" + HexFormat.of().formatHex(digest, 0, 12) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
