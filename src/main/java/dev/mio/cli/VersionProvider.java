package dev.mio.cli;

import picocli.CommandLine;

/** Reports mio's version from the jar manifest, or "dev" when run from classes. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"mio " + (version == null ? "dev" : version)};
  }
}
