package dev.mio.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token mode: control and metrics calls need the bearer token; health stays open; public binds need a token. */
class ApiTokenTest {
  private static final String TOKEN = "s3cret-token-for-tests";

  @TempDir Path state;
  private ApiFixture api;

  @BeforeEach
  void setUp() {
    api = new ApiFixture(state, TOKEN);
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  @Test
  void calls_without_or_with_a_wrong_token_get_401_and_with_it_work() throws Exception {
    String[] paths = {ApiFixture.BASE + "/status", "/api/v1" + ApiFixture.BASE + "/status", "/metrics"};
    for (String path : paths) {
      ApiFixture.Reply none = api.send(HttpRequest.newBuilder(java.net.URI.create(api.url + path)).GET().build());
      assertThat(none.status()).as("%s without token: %s", path, none.text()).isEqualTo(401);
      assertThat(none.json().path("error").asText()).contains("Authorization");
      for (String wrong : new String[] {"Bearer wrong", "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1),
          "Basic " + TOKEN, TOKEN, "Bearer"}) {
        ApiFixture.Reply bad = api.send(HttpRequest.newBuilder(java.net.URI.create(api.url + path))
            .header("Authorization", wrong).GET().build());
        assertThat(bad.status()).as("%s with '%s': %s", path, wrong, bad.text()).isEqualTo(401);
        assertThat(bad.json().path("error").isTextual()).isTrue();
      }
      ApiFixture.Reply good = api.get(path);
      assertThat(good.status()).as("%s with the token: %s", path, good.text()).isEqualTo(200);
    }
    ApiFixture.Reply start = api.send(HttpRequest.newBuilder(java.net.URI.create(api.url + ApiFixture.BASE + "/start"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(start.status()).as("start without token").isEqualTo(401);
    ApiFixture.Reply stop = api.post(ApiFixture.BASE + "/stop", "");
    assertThat(stop.status()).as("stop with token while idle: %s", stop.text()).isEqualTo(409);
    ApiFixture.Reply health = api.send(HttpRequest.newBuilder(java.net.URI.create(api.url + "/health")).GET().build());
    assertThat(health.status()).as("health stays open").isEqualTo(200);
    assertThat(api.descendantsButWatcher()).as("an unauthenticated start launched nothing").isEmpty();
  }

  @Test
  void a_non_loopback_host_without_a_token_is_refused() {
    assertThatThrownBy(() -> BearerAuth.checkBind("0.0.0.0", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--token");
    assertThatThrownBy(() -> BearerAuth.checkBind("0.0.0.0", " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--token");
    BearerAuth.checkBind("0.0.0.0", TOKEN);
    BearerAuth.checkBind("127.0.0.1", null);
    BearerAuth.checkBind("localhost", null);
    BearerAuth.checkBind("::1", null);
  }
}
