package dev.mio.cli;

import dev.mio.launch.local.LocalProcessLauncher;
import dev.mio.launch.local.StateFolder;
import dev.mio.proxy.FrontDoorOptions;
import dev.mio.run.Orchestrator;
import dev.mio.sample.SamplerSettings;
import dev.mio.supervise.RestartPolicy;
import java.nio.file.Path;
import java.time.Duration;

/** Builds the orchestrator the commands share: local processes, the default sampler and front door. */
final class Orchestrators {
  private Orchestrators() {}

  /** An orchestrator keeping its state under {@code stateDirectory}, or the default state folder when null. */
  static Orchestrator create(Path stateDirectory) {
    StateFolder state = stateDirectory == null ? StateFolder.defaultLocation() : new StateFolder(stateDirectory);
    LocalProcessLauncher launcher = new LocalProcessLauncher(state, RestartPolicy.defaults(), Duration.ofSeconds(5));
    return new Orchestrator(launcher, state.directory(), SamplerSettings.defaults(), FrontDoorOptions.defaults());
  }
}
