package dev.mio.launch.local;

import dev.mio.launch.DeploymentSpec;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the process of one instance: argv with placeholders replaced, environment, log redirection. */
final class InstanceCommand {
  private static final File DEV_NULL = new File("/dev/null");

  private InstanceCommand() {}

  /**
   * The builder for instance {@code id} on {@code port}: {@code setpriv --pdeathsig KILL -- setsid -- argv...}
   * (no shell), stdin from /dev/null, stdout and stderr appended to {@code logFile}.
   */
  static ProcessBuilder builder(DeploymentSpec spec, int id, int port, Path logFile) {
    int shard = spec.shardOf(id);
    // setsid execs in place (the child of a JVM is never a group leader), so the pid stays the root's pid and
    // becomes the id of a new session and process group; pdeathsig survives both execs
    List<String> argv = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL", "--", "setsid", "--"));
    for (String word : spec.commandTemplate()) {
      argv.add(word.replace("{port}", Integer.toString(port))
          .replace("{shard}", Integer.toString(shard))
          .replace("{instance}", Integer.toString(id)));
    }
    ProcessBuilder pb = new ProcessBuilder(argv)
        .directory(spec.runDirectory().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("PORT", Integer.toString(port));
    env.put("SHARD_ID", Integer.toString(shard));
    env.put("SHARD_COUNT", Integer.toString(spec.shards()));
    env.put("INSTANCE_ID", Integer.toString(id));
    env.put("INSTANCE_COUNT", Integer.toString(spec.instances()));
    env.putAll(spec.environment());
    return pb;
  }
}
