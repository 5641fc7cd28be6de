package dev.mio.run;

import dev.mio.launch.Deployment;
import dev.mio.launch.DeploymentSpec;
import dev.mio.launch.Instance;
import dev.mio.launch.InstanceLauncher;
import dev.mio.launch.LaunchException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Launches real instances and, just before a deployment stops, asks every built-in worker for its own count of
 * served requests (its {@code /stats}): the ground truth the report is compared with.
 */
final class StatsCapturingLauncher implements InstanceLauncher {
  private static final Pattern REQUESTS = Pattern.compile("\"requests\"\\s*:\\s*(\\d+)");

  private final InstanceLauncher real;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile List<Long> lastServed = List.of();

  StatsCapturingLauncher(InstanceLauncher real) {
    this.real = real;
  }

  /** Requests each instance of the last stopped deployment said it served, by instance id. */
  List<Long> lastServed() {
    return lastServed;
  }

  @Override
  public Deployment launch(DeploymentSpec spec) throws LaunchException {
    Deployment deployment = real.launch(spec);
    return new Deployment() {
      @Override
      public DeploymentSpec spec() {
        return deployment.spec();
      }

      @Override
      public List<Instance> instances() {
        return deployment.instances();
      }

      @Override
      public void stop() {
        List<Long> served = new ArrayList<>();
        for (Instance instance : deployment.instances()) {
          served.add(servedBy(instance));
        }
        lastServed = List.copyOf(served);
        deployment.stop();
      }
    };
  }

  private long servedBy(Instance instance) {
    try {
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + "/stats"))
              .timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher m = REQUESTS.matcher(response.body());
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (Exception e) {
      return -1;
    }
  }
}
