package dev.mio.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code mio} command line: dispatches to one class per subcommand. */
@Command(
    name = "mio",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Multi-Instance Orchestrator: runs a service as N instances in S shards and measures"
        + " what that buys, against a measured single-instance baseline.",
    subcommands = {
        RunCommand.class,
        ServeCommand.class,
        DemoCommand.class,
        WorkerCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit status, for callers that must not exit the JVM. */
  public static int execute(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
