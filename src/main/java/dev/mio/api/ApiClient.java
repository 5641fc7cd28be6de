package dev.mio.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mio.report.ReportJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small blocking client of the REST API over real HTTP, for the demo and for scripts. */
public final class ApiClient {
  private final HttpClient http;
  private final String baseUrl;
  private final String token;
  private final Duration timeout;

  /**
   * A client of the server at {@code baseUrl} (e.g. {@code http://127.0.0.1:3000}).
   *
   * @param token the bearer token to send, or null
   * @param timeout the longest any call may take (a start measures a baseline first)
   */
  public ApiClient(String baseUrl, String token, Duration timeout) {
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
        .build();
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
    this.timeout = timeout;
  }

  /**
   * An HTTP status with its parsed JSON body.
   *
   * @param body the parsed body, or a missing node when it was not JSON
   */
  public record Reply(int status, JsonNode body) {}

  /** POSTs {@code json} (may be empty) to {@code path}. */
  public Reply post(String path, String json) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)).build());
  }

  /** GETs {@code path}. */
  public Reply get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Reply send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = ReportJson.mapper().readTree(response.body());
    } catch (IOException e) {
      body = ReportJson.mapper().missingNode();
    }
    return new Reply(response.statusCode(), body == null ? ReportJson.mapper().missingNode() : body);
  }
}
