package dev.mio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mio serve} (being built: see the open issues). */
@Command(name = "serve", description = "(not built yet)")
public final class ServeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("mio serve: not built yet");
    return 2;
  }
}
