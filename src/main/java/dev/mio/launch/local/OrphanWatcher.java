package dev.mio.launch.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small shell process that outlives the JVM just long enough to SIGKILL every instance's process group when
 * the JVM dies, however it dies (even by SIGKILL).
 *
 * <p>The JVM writes {@code add <pgid>} and {@code del <pgid>} lines to the watcher's stdin. The kernel closes
 * that pipe when the JVM exits, the watcher then reads end-of-file, kills every group still registered and
 * exits. It runs in its own session, so signals aimed at the JVM's process group or terminal (Ctrl-C,
 * hang-up) do not take it down first; it also ignores INT and HUP. Limits: a process that leaves its group
 * (calls {@code setsid} or {@code setpgid} itself) escapes; a SIGKILL of the watcher itself disables this
 * safety net, which is why the {@link StateFolder} records the groups too.
 */
final class OrphanWatcher implements AutoCloseable {
  // dash's builtin kill takes "-9 -PGID" but not "--"; only numeric ids are accepted from the pipe
  private static final String SCRIPT = String.join("\n",
      "trap '' INT HUP",
      "g=' '",
      "while IFS= read -r line; do",
      "  n=${line#* }",
      "  case $n in ''|*[!0-9]*) continue ;; esac",
      "  case $line in",
      "    add\\ *) g=\"$g$n \" ;;",
      "    del\\ *) k=' '; for x in $g; do [ \"$x\" = \"$n\" ] || k=\"$k$x \"; done; g=$k ;;",
      "  esac",
      "done",
      "for x in $g; do kill -9 -$x 2>/dev/null; done",
      "exit 0");

  private final Process process;
  private final OutputStream pipe;
  private boolean broken;

  private OrphanWatcher(Process process) {
    this.process = process;
    this.pipe = process.getOutputStream();
  }

  /** Starts the watcher from the spawner thread (without pdeathsig: it must outlive the JVM). */
  static OrphanWatcher start(Spawner spawner) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(List.of("setsid", "/bin/sh", "-c", SCRIPT, "mio-watcher"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    return new OrphanWatcher(spawner.start(pb));
  }

  /** Pid of the watcher process. */
  long pid() {
    return process.pid();
  }

  /** Asks the watcher to kill this group if the JVM dies. */
  synchronized void add(long pgid) {
    send("add " + pgid + "\n");
  }

  /** Tells the watcher the group is gone (stopped on purpose), so a later reuse of its id is never killed. */
  synchronized void remove(long pgid) {
    send("del " + pgid + "\n");
  }

  private void send(String line) {
    if (broken) {
      return;
    }
    try {
      pipe.write(line.getBytes(StandardCharsets.US_ASCII));
      pipe.flush();
    } catch (IOException e) {
      // the watcher was killed: the state folder remains as the safety net
      broken = true;
    }
  }

  /** Whether the watcher process still runs. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** Closes the pipe: the watcher kills whatever is still registered and exits. */
  @Override
  public synchronized void close() {
    try {
      pipe.close();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
