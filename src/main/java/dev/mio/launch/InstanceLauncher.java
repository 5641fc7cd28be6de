package dev.mio.launch;

/** Starts deployments; the local implementation runs OS processes, a Kubernetes one may come later. */
public interface InstanceLauncher {

  /**
   * Launches every instance concurrently and returns once all are ready.
   *
   * @throws LaunchException when an instance does not become ready in time; nothing is left running then
   */
  Deployment launch(DeploymentSpec spec) throws LaunchException;
}
