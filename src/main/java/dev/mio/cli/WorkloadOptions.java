package dev.mio.cli;

import dev.mio.config.KeyDistribution;
import dev.mio.config.LoadModel;
import dev.mio.config.WorkloadSpec;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Flags that say what load the driver sends. */
final class WorkloadOptions {
  @Option(names = "--path", defaultValue = WorkloadSpec.DEFAULT_PATH, paramLabel = "TEMPLATE",
      description = "Request path and query; {key} is replaced by the shard key (default: ${DEFAULT-VALUE}).")
  String path;

  @Option(names = "--model", defaultValue = "closed", paramLabel = "closed|open",
      description = "closed: C connections with one request each; open: a constant --rate (default: ${DEFAULT-VALUE}).")
  LoadModel model;

  @Option(names = "--connections", paramLabel = "C",
      description = "Connections (default: max(16, 8 x instances), the same for the baseline).")
  Integer connections;

  @Option(names = "--rate", paramLabel = "R", description = "Requests per second of the open model.")
  Double rate;

  @Option(names = "--keys", defaultValue = "10000", paramLabel = "K",
      description = "Number of distinct shard keys (default: ${DEFAULT-VALUE}).")
  int keys;

  @Option(names = "--key-dist", defaultValue = "uniform", paramLabel = "uniform|zipf|sequential",
      description = "How keys are chosen (default: ${DEFAULT-VALUE}).")
  KeyDistribution keyDistribution;

  @Option(names = "--zipf-exponent", defaultValue = "1.0", paramLabel = "S",
      description = "Exponent s of the zipf distribution (default: ${DEFAULT-VALUE}).")
  double zipfExponent;

  @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DUR",
      description = "Per-request time-out (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** The workload these flags describe for a deployment of {@code instances}. */
  WorkloadSpec toSpec(int instances) {
    int c = connections != null ? connections : Math.max(16, 8 * instances);
    if (model == LoadModel.OPEN && rate == null) {
      throw new IllegalArgumentException("--model open needs --rate R (requests per second)");
    }
    if (model == LoadModel.CLOSED && rate != null) {
      throw new IllegalArgumentException("--rate applies to --model open only");
    }
    return new WorkloadSpec(model, c, rate == null ? 0 : rate, path, keyDistribution, keys, zipfExponent, timeout);
  }
}
