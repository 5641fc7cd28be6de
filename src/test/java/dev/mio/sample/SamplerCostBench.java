package dev.mio.sample;

import dev.mio.worker.BuiltInWorker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Measures what sampling costs: N idle {@code sleep} processes tracked at 100 ms for a while, then the
 * sampler thread's CPU time (JVM thread CPU clock) and this JVM's whole CPU time (/proc/self/stat) over
 * the measured part, as % of one core. Not a test; run with {@code bench/sampler-cost.sh [N] [seconds]}.
 */
public final class SamplerCostBench {

  private SamplerCostBench() {}

  /** Runs the benchmark: args {@code [instances=64] [seconds=20] [warmupSeconds=3] [sleep|worker]}. */
  public static void main(String[] args) throws Exception {
    int instances = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    boolean workers = args.length > 3 && args[3].equals("worker");
    // Idle built-in workers are JVMs with ~20 threads: the kernel sums every thread's times per stat read.
    List<String> argv = workers
        ? BuiltInWorker.commandTemplate().stream().map(a -> a.replace(BuiltInWorker.PORT_PLACEHOLDER, "0"))
            .collect(Collectors.toList())
        : List.of("sleep", "600");
    List<Process> processes = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        processes.add(new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start());
      }
      try (ResourceSampler sampler = new ResourceSampler(new ProcfsProcessTable(), SamplerSettings.defaults())) {
        for (int i = 0; i < instances; i++) {
          long pid = processes.get(i).pid();
          sampler.track(i, () -> pid);
        }
        sampler.start();
        Thread.sleep(warmupSeconds * 1000L); // warm-up: first discovery, JIT (10 ticks/s reach C1 after ~20 s)
        long ticks0 = sampler.tickCount();
        long thread0 = sampler.samplerThreadCpuNanos().orElseThrow();
        long jvm0 = jvmCpuNanos();
        long wall0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long wall = System.nanoTime() - wall0;
        long thread = sampler.samplerThreadCpuNanos().orElseThrow() - thread0;
        long jvm = jvmCpuNanos() - jvm0;
        long ticks = sampler.tickCount() - ticks0;
        System.out.printf("processes=%s source=%s instances=%d interval=%dms warm-up=%ds measured=%.1fs ticks=%d errors=%d%n",
            workers ? "built-in workers" : "sleep", sampler.source(), instances, sampler.settings().intervalMillis(), warmupSeconds, wall / 1e9, ticks,
            sampler.errorCount());
        System.out.printf("sampler thread CPU: %.3f %% of one core (%.1f µs per tick, %.2f µs per instance-sample)%n",
            100.0 * thread / wall, thread / 1e3 / ticks, thread / 1e3 / ticks / instances);
        System.out.printf("whole JVM CPU (/proc/self/stat, incl. JIT, GC, idle threads): %.3f %% of one core%n",
            100.0 * jvm / wall);
        System.out.printf("latest sample of instance 0: %s%n", sampler.latest(0).orElse(null));
      }
    } finally {
      for (Process p : processes) {
        p.destroyForcibly();
      }
    }
  }

  private static long jvmCpuNanos() throws IOException {
    String s = Files.readString(Path.of("/proc/self/stat"));
    String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1_000_000_000L / KernelTruth.CLK_TCK;
  }
}
