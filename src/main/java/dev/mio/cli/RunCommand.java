package dev.mio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mio run} (being built: see the open issues). */
@Command(name = "run", description = "(not built yet)")
public final class RunCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("mio run: not built yet");
    return 2;
  }
}
