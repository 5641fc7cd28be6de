package dev.mio.launch;

import java.util.List;

/** The live instances of one launch, under supervision until stopped. */
public interface Deployment extends AutoCloseable {

  /** What was launched. */
  DeploymentSpec spec();

  /** The instances, indexed by instance id. */
  List<Instance> instances();

  /**
   * Stops every instance (SIGTERM to each whole process tree, a grace period, then SIGKILL) and returns when
   * no process of the deployment is alive. Idempotent.
   */
  void stop();

  @Override
  default void close() {
    stop();
  }
}
