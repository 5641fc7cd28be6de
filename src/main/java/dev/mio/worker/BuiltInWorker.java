package dev.mio.worker;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/** The command that launches the built-in worker as its own small-footprint JVM. */
public final class BuiltInWorker {

  /** The placeholder a launcher replaces with the instance's port. */
  public static final String PORT_PLACEHOLDER = "{port}";

  private BuiltInWorker() {}

  /** The worker's argv serving one request at a time, with {@value #PORT_PLACEHOLDER} to replace. */
  public static List<String> commandTemplate() {
    return commandTemplate(1);
  }

  /**
   * The worker's argv serving {@code threads} requests at a time, with {@value #PORT_PLACEHOLDER}
   * to replace.
   *
   * @param threads requests served concurrently, 1..{@value WorkerConfig#MAX_THREADS}
   */
  public static List<String> commandTemplate(int threads) {
    if (threads < 1 || threads > WorkerConfig.MAX_THREADS) {
      throw new IllegalArgumentException(
          "threads must be in 1.." + WorkerConfig.MAX_THREADS + ", was " + threads);
    }
    List<String> argv = new ArrayList<>(jvmFlags());
    if (Runtime.version().feature() >= 23) {
      // /alloc uses sun.misc.Unsafe memory access; JDK 23+ would print a deprecation warning for it.
      // The worker runs on this same java.home, so the flag matches the JVM that reads it.
      argv.add("--sun-misc-unsafe-memory-access=allow");
    }
    argv.add(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-cp");
    argv.add(classPath());
    argv.add(WorkerMain.class.getName());
    argv.add("--port");
    argv.add(PORT_PLACEHOLDER);
    if (threads != 1) {
      argv.add("--threads");
      argv.add(Integer.toString(threads));
    }
    return List.copyOf(argv);
  }

  /** The JVM flags of a worker: each keeps its resident memory or its start-up small. */
  static List<String> jvmFlags() {
    return List.of(
        // The worker's heap holds a few buffers per connection; /alloc memory lives outside it.
        "-Xms8m",
        "-Xmx64m",
        // One GC thread and no per-region bookkeeping: the smallest collector's footprint.
        "-XX:+UseSerialGC",
        "-Xss256k",
        // Only C1: one compiler thread, a small code cache, and faster warm-up.
        "-XX:TieredStopAtLevel=1",
        "-XX:CICompilerCount=1",
        "-XX:ReservedCodeCacheSize=16m",
        "-XX:MaxMetaspaceSize=64m",
        // No hsperfdata file: one mapping fewer and nothing left in /tmp after a SIGKILL.
        "-XX:-UsePerfData",
        "-XX:MaxDirectMemorySize=4g",
        // Without TCP_NODELAY keep-alive responses stall ~40 ms on delayed ACKs.
        "-Dsun.net.httpserver.nodelay=true");
  }

  // The worker needs only its own classes (and the JDK): naming only the jar or folder holding them
  // spares the JDK's service look-ups a scan of every jar on the caller's class path.
  private static String classPath() {
    try {
      CodeSource source = WorkerMain.class.getProtectionDomain().getCodeSource();
      if (source != null && source.getLocation() != null
          && "file".equals(source.getLocation().getProtocol())) {
        File location = new File(source.getLocation().toURI());
        if (location.exists()) {
          return location.getPath();
        }
      }
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      // Fall through to the caller's class path, which holds the worker too.
    }
    return System.getProperty("java.class.path");
  }
}
