package dev.mio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mio demo} (being built: see the open issues). */
@Command(name = "demo", description = "(not built yet)")
public final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("mio demo: not built yet");
    return 2;
  }
}
