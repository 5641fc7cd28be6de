package dev.mio.launch;

import dev.mio.supervise.InstanceState;
import java.nio.file.Path;

/** One live instance of a deployment; its pid changes when supervision restarts it. */
public interface Instance {

  /** Instance id, 0..N-1. */
  int id();

  /** Shard id, {@code id % S}. */
  int shardId();

  /** Host the instance listens on (127.0.0.1 for local processes). */
  String host();

  /** TCP port the instance listens on; kept across restarts. */
  int port();

  /** Pid of the instance's root process, or -1 while no process runs. */
  long pid();

  /** Current supervision state. */
  InstanceState state();

  /** Whether requests may be routed to it now. */
  default boolean isReady() {
    return state() == InstanceState.READY;
  }

  /** How many times supervision restarted it after an unexpected exit. */
  int restarts();

  /** The file its standard output and error go to. */
  Path logFile();
}
