package dev.mio.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hundreds of generated bad requests: every one is refused with a 4xx JSON error and the server stays healthy. */
class ApiBadInputTest {
  private static final String START = ApiFixture.BASE + "/start";
  private static final String[] NUMERIC = {"instances", "shards", "baselineMs", "warmupMs", "durationMs"};
  private static final String[] WORKLOAD_NUMERIC = {"connections", "rate", "keys", "zipfExponent", "timeoutMs"};
  private static final String[] WRONG_TYPES = {"\"4\"", "true", "false", "[]", "[1]", "{}", "{\"a\":1}", "1.5",
      "\"\"", "-0.5"};
  private static final String[] BAD_NUMBERS = {"-1", "0", "-9223372036854775809", "9223372036854775808",
      "99999999999999999999999999", "1e400", "-1e400", "257", "100000000000", "2147483648", "-2147483649"};

  @TempDir static Path state;
  private static ApiFixture api;

  @BeforeAll
  static void setUp() {
    api = new ApiFixture(state);
  }

  @AfterAll
  static void tearDown() {
    api.close();
  }

  @Test
  void every_generated_bad_request_gets_a_4xx_json_error_and_the_server_stays_healthy() throws Exception {
    List<HttpRequest> requests = new ArrayList<>();
    for (String body : brokenJson()) {
      requests.add(post(START, body));
    }
    for (String field : NUMERIC) {
      for (String value : WRONG_TYPES) {
        requests.add(post(START, "{\"" + field + "\":" + value + "}"));
      }
      for (String value : BAD_NUMBERS) {
        boolean validDuration = field.endsWith("Ms") && (value.equals("257") || value.equals("2147483648"));
        boolean validWarmup = field.equals("warmupMs") && value.equals("0");
        if (!validDuration && !validWarmup) {
          requests.add(post(START, "{\"" + field + "\":" + value + "}"));
        }
      }
    }
    for (String field : WORKLOAD_NUMERIC) {
      for (String value : WRONG_TYPES) {
        if (!(field.equals("zipfExponent") && value.equals("1.5"))) {
          requests.add(post(START, "{\"workload\":{\"" + field + "\":" + value + "}}"));
        }
      }
      for (String value : new String[] {"-1", "0", "1e400", "99999999999999999999999999", "-5.5"}) {
        requests.add(post(START, "{\"workload\":{\"" + field + "\":" + value + "}}"));
      }
    }
    for (String field : new String[] {"baseline", "workload"}) {
      for (String value : new String[] {"\"sometimes\"", "1", "true", "[]", "\"MEASURE \"", "\"\""}) {
        requests.add(post(START, "{\"" + field + "\":" + value + "}"));
      }
    }
    for (String field : new String[] {"model", "keyDistribution", "path"}) {
      for (String value : new String[] {"\"sometimes\"", "1", "true", "[]", "{}", "\"a b\"", "\"\""}) {
        requests.add(post(START, "{\"workload\":{\"" + field + "\":" + value + "}}"));
      }
    }
    Random random = new Random(42);
    for (int i = 0; i < 20; i++) {
      String name = "x" + Long.toHexString(random.nextLong());
      requests.add(post(START, "{\"" + name + "\":1}"));
      requests.add(post(START, "{\"workload\":{\"" + name + "\":1}}"));
    }
    requests.addAll(List.of(
        post(START, "{\"instances\":2,\"shards\":3}"),
        post(START, "{\"workload\":\"none\",\"baseline\":\"measure\"}"),
        post(START, "{\"workload\":{\"model\":\"open\"}}"),
        post(START, "{\"workload\":{\"model\":\"closed\",\"rate\":100}}"),
        post(START, "{\"workload\":{\"path\":\"work\"}}"),
        post(START, "{\"workload\":{\"path\":\"/" + "a".repeat(3000) + "\"}}"),
        post(START, "{\"instances\":1,\"instances\":2}"),
        post(START, "{\"" + "k".repeat(5000) + "\":1}")));
    byte[] huge = new byte[StartRequest.MAX_BODY_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    requests.add(post(START, new String(huge, StandardCharsets.US_ASCII)));
    requests.add(post(START, "{\"workload\":{\"path\":\"/" + "a".repeat(1024 * 1024) + "\"}}"));
    requests.add(api.builder(START).POST(HttpRequest.BodyPublishers.ofInputStream(
        () -> new ByteArrayInputStream(huge))).build());
    requests.add(api.builder(START).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, (byte) 0xfe,
        0, 1, '{'})).build());
    String[] paths = {START, ApiFixture.BASE + "/stop", ApiFixture.BASE + "/status", "/health", "/metrics",
        "/api/v1" + START};
    for (String path : paths) {
      for (String method : new String[] {"PUT", "DELETE", "PATCH", "GET", "POST"}) {
        boolean allowed = (method.equals("GET") && (path.endsWith("status") || path.equals("/health")
            || path.equals("/metrics"))) || (method.equals("POST") && (path.endsWith("start")
            || path.endsWith("stop")));
        if (!allowed) {
          requests.add(api.builder(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
        }
      }
    }
    for (String path : new String[] {"/", "/system", "/system/multi-instance", "/start", "/api/v2" + START,
        START + "/extra", "/system/multi-instance/restart", "/api/v1", "/healthz", "/metrics/x", "/%2e%2e/etc",
        "/system/multi-instance/STATUS", "/" + "z".repeat(2000)}) {
      requests.add(api.builder(path).GET().build());
      requests.add(api.builder(path).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    }

    assertThat(requests.size()).as("generated bad requests").isGreaterThanOrEqualTo(200);
    for (HttpRequest request : requests) {
      ApiFixture.Reply reply = api.send(request);
      String what = request.method() + " " + abbreviate(request.uri().toString()) + " "
          + abbreviate(BODIES.getOrDefault(request, ""));
      assertThat(reply.status()).as("%s answered %s", what, abbreviate(reply.text())).isBetween(400, 499);
      assertThat(reply.contentType()).as("%s content type", what).startsWith("application/json");
      assertThat(reply.json().path("error").isTextual()).as("%s body %s", what, abbreviate(reply.text())).isTrue();
      assertThat(reply.text()).as("%s leaks no stack trace", what).doesNotContain("\tat ", "Exception");
    }

    assertThat(api.get("/health").status()).as("health after the bad requests").isEqualTo(200);
    assertThat(api.get(ApiFixture.BASE + "/status").json().path("phase").asText()).isEqualTo("IDLE");
    assertThat(api.descendantsButWatcher()).as("no bad request launched anything").isEmpty();
  }

  @Test
  void errors_name_the_field_at_fault() throws Exception {
    assertField("{\"instances\":\"4\"}", "instances");
    assertField("{\"shards\":9}", "shards");
    assertField("{\"workload\":{\"connections\":-1}}", "workload.connections");
    assertField("{\"workload\":{\"speed\":1}}", "workload.speed");
    assertField("{\"bogus\":true}", "bogus");
    assertField("{\"baseline\":\"always\"}", "baseline");
    assertField("{\"baselineMs\":1.5}", "baselineMs");
    ApiFixture.Reply malformed = api.post(START, "{\"instances\":");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().path("error").asText()).startsWith("malformed JSON");
    ApiFixture.Reply missing = api.get("/nowhere");
    assertThat(missing.status()).isEqualTo(404);
    ApiFixture.Reply method = api.send(api.builder(START).GET().build());
    assertThat(method.status()).isEqualTo(405);
    ApiFixture.Reply big = api.post(START, " ".repeat(StartRequest.MAX_BODY_BYTES + 10));
    assertThat(big.status()).isEqualTo(413);
  }

  private void assertField(String body, String field) throws Exception {
    ApiFixture.Reply reply = api.post(START, body);
    assertThat(reply.status()).as("%s -> %s", body, reply.text()).isEqualTo(400);
    assertThat(reply.json().path("field").asText()).as("%s -> %s", body, reply.text()).isEqualTo(field);
  }

  private static final java.util.Map<HttpRequest, String> BODIES = new java.util.IdentityHashMap<>();

  private static HttpRequest post(String path, String body) {
    HttpRequest request = api.builder(path).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    BODIES.put(request, body);
    return request;
  }


  private static List<String> brokenJson() {
    List<String> bodies = new ArrayList<>(List.of("{", "}", "[", "]", "{\"instances\":}", "{\"instances\" 4}", "nul",
        "{'instances':4}", "{\"instances\":4,}", "{} trailing", "{\"a\":1}{\"b\":2}", "\"just a string\"", "42",
        "true", "[]", "[{}]", "null", "{\"instances\":4", "{\"workload\":{\"model\":\"closed\"}", "{instances:4}",
        "{\"instances\":NaN}", "{\"instances\":Infinity}", "{\"instances\":0x10}", "{\"instances\":01}",
        "{\"instances\":+4}", "{\"\\u0000\":1}", "\u0000", "{\"a\":\"\\x\"}", "<xml/>", "instances=4"));
    bodies.add("[".repeat(5000) + "]".repeat(5000));
    bodies.add("{\"a\":".repeat(3000) + "1" + "}".repeat(3000));
    return bodies;
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

}
