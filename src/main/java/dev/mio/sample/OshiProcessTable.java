package dev.mio.sample;

import java.util.function.LongConsumer;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * A portable process table backed by OSHI, for systems without Linux procfs. OSHI does not report reaped
 * children's CPU, so the CPU of children that exit between samples is lost with this source.
 */
public final class OshiProcessTable implements ProcessTable {

  private final OperatingSystem os = new SystemInfo().getOperatingSystem();

  @Override
  public String source() {
    return "oshi";
  }

  @Override
  public boolean reportsReapedChildrenCpu() {
    return false;
  }

  @Override
  public void forEachPid(LongConsumer sink) {
    for (OSProcess p : os.getProcesses()) {
      sink.accept(p.getProcessID());
    }
  }

  @Override
  public boolean read(long pid, ProcStat into) {
    if (pid > Integer.MAX_VALUE) {
      return false;
    }
    OSProcess p = os.getProcess((int) pid);
    return p != null && fill(p, into);
  }

  @Override
  public StatReader open(long pid) {
    if (pid > Integer.MAX_VALUE) {
      return null;
    }
    OSProcess p = os.getProcess((int) pid);
    if (p == null) {
      return null;
    }
    long startTime = p.getStartTime();
    return new StatReader() {
      @Override
      public boolean read(ProcStat into) {
        return p.updateAttributes() && p.getStartTime() == startTime && fill(p, into);
      }

      @Override
      public void close() {
        // OSHI holds no OS handle per process.
      }
    };
  }

  @Override
  public void close() {
    // Nothing held.
  }

  private static boolean fill(OSProcess p, ProcStat into) {
    if (p.getState() == OSProcess.State.INVALID) {
      return false;
    }
    into.set(p.getProcessID(), p.getParentProcessID(), p.getStartTime(),
        (p.getUserTime() + p.getKernelTime()) * 1_000_000L, 0, p.getResidentSetSize());
    return true;
  }
}
