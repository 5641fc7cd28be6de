package dev.mio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mio worker} (being built: see the open issues). */
@Command(name = "worker", description = "(not built yet)")
public final class WorkerCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("mio worker: not built yet");
    return 2;
  }
}
