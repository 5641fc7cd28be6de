package dev.mio.bench;

import dev.mio.sample.ResourceSampler;
import dev.mio.sample.SamplerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What sampling N idle processes every 100 ms costs the orchestrator: over the same measured seconds, this JVM's
 * whole CPU time (utime+stime of /proc/self/stat) with the sampler running, and the sampler thread's own CPU
 * time; with {@code off} it measures the same JVM holding the same processes without a sampler (the control).
 * Prints {@code RESULT jvmPctOfOneCore samplerThreadPctOfOneCore ticks}.
 *
 * <p>Run: {@code bench/sampler-overhead.sh}, or by hand: {@code java -cp
 * bench/target/classes:target/classes:$(cat target/cp.txt) dev.mio.bench.SamplerOverhead 64 10 5 on}
 * (instances, measured seconds, warm-up seconds, on|off). The processes are {@code sleep 600}: idle, one pid each.
 */
public final class SamplerOverhead {
  private SamplerOverhead() {}

  /** Args: instances seconds warmupSeconds on|off. */
  public static void main(String[] args) throws Exception {
    int instances = Integer.parseInt(args[0]);
    double seconds = Double.parseDouble(args[1]);
    double warmupSeconds = Double.parseDouble(args[2]);
    boolean on = args[3].equals("on");
    long clockTicks = Long.parseLong(args.length > 4 ? args[4] : "100");
    List<Process> processes = new ArrayList<>();
    ResourceSampler sampler = null;
    try {
      for (int i = 0; i < instances; i++) {
        processes.add(new ProcessBuilder("sleep", "600").redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start());
      }
      if (on) {
        sampler = ResourceSampler.create(SamplerSettings.defaults());
        for (int i = 0; i < instances; i++) {
          long pid = processes.get(i).pid();
          sampler.track(i, () -> pid);
        }
        sampler.start();
      }
      Thread.sleep((long) (warmupSeconds * 1000));
      long ticks0 = on ? sampler.tickCount() : 0;
      long thread0 = on ? sampler.samplerThreadCpuNanos().orElse(0) : 0;
      long jvm0 = jvmCpuNanos(clockTicks);
      long wall0 = System.nanoTime();
      Thread.sleep((long) (seconds * 1000));
      long wall = System.nanoTime() - wall0;
      long jvm = jvmCpuNanos(clockTicks) - jvm0;
      long thread = on ? sampler.samplerThreadCpuNanos().orElse(0) - thread0 : 0;
      long ticks = on ? sampler.tickCount() - ticks0 : 0;
      System.out.printf("RESULT %.3f %.3f %d%n", 100.0 * jvm / wall, 100.0 * thread / wall, ticks);
      if (on) {
        System.out.printf("detail source=%s interval=%dms errors=%d instance0=%s%n", sampler.source(),
            sampler.settings().intervalMillis(), sampler.errorCount(), sampler.latest(0).orElse(null));
      }
    } finally {
      if (sampler != null) {
        sampler.close();
      }
      for (Process p : processes) {
        p.destroyForcibly();
      }
    }
  }

  /** utime + stime of this JVM (all threads) from /proc/self/stat, in ns; clockTicks is `getconf CLK_TCK`. */
  private static long jvmCpuNanos(long clockTicks) throws IOException {
    String s = Files.readString(Path.of("/proc/self/stat"));
    String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1_000_000_000L / clockTicks;
  }
}
