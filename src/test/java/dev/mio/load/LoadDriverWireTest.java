package dev.mio.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mio.config.WorkloadSpec;
import dev.mio.load.ScriptedTarget.After;
import dev.mio.load.ScriptedTarget.Answer;
import dev.mio.metrics.Accounting;
import dev.mio.metrics.RunRecorder;
import dev.mio.route.Replica;
import dev.mio.route.ShardRouter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver's HTTP/1.1 client against exact bytes on the wire: framing, connection reuse and broken responses. */
class LoadDriverWireTest {
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  /** Runs a closed model of {@code connections} on one lane against the target for {@code millis}. */
  private static Accounting run(ScriptedTarget target, int connections, long millis) throws InterruptedException {
    ShardRouter router = ShardRouter.of(1, List.of(Replica.alwaysReady(0, 0, "127.0.0.1", target.port())));
    RunRecorder recorder = new RunRecorder(1, 1);
    try (LoadDriver driver = new LoadDriver(WorkloadSpec.closed(connections, "/x?key={key}"), router, recorder,
        DriverOptions.defaults().withLanes(1))) {
      recorder.openWindow();
      driver.start();
      Thread.sleep(millis);
      driver.stop();
      recorder.closeWindow();
    }
    Accounting acc = recorder.snapshot().accounting();
    assertThat(acc.isBalanced()).as("sent == Σ buckets: %s", acc).isTrue();
    return acc;
  }

  @Test
  void keep_alive_connections_are_reused_one_per_slot_at_most() throws Exception {
    try (ScriptedTarget target = new ScriptedTarget(List.of(Answer.of(OK, After.KEEP)))) {
      Accounting acc = run(target, 2, 600);
      String measured = acc + ", server: " + target.connections() + " connections, " + target.answered()
          + " answered";
      assertThat(acc.ok()).as(measured).isGreaterThan(100);
      assertThat(acc.ok() + acc.cancelled()).as(measured).isEqualTo(acc.sent());
      assertThat(target.connections()).as(measured).isBetween(1L, 2L);
      assertThat(target.answered()).as(measured).isBetween(acc.ok(), acc.ok() + acc.cancelled());
    }
  }

  @Test
  void connection_close_from_the_server_is_honoured_with_a_new_connection_per_request() throws Exception {
    String closing = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok";
    try (ScriptedTarget target = new ScriptedTarget(List.of(Answer.of(closing, After.CLOSE)))) {
      Accounting acc = run(target, 2, 600);
      String measured = acc + ", server: " + target.connections() + " connections, " + target.requests()
          + " requests";
      assertThat(acc.ok()).as(measured).isGreaterThan(20);
      assertThat(acc.ioError()).as("no request sent on a connection the server closed: " + measured).isZero();
      assertThat(target.connections()).as(measured).isBetween(target.requests(), target.requests() + 2);
    }
  }

  @Test
  void chunked_close_delimited_and_interim_responses_are_read_whole() throws Exception {
    List<Answer> script = List.of(
        Answer.of("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nabc\r\n0\r\n\r\n", After.KEEP),
        Answer.of("HTTP/1.0 200 OK\r\nServer: old\r\n\r\nbody until the close", After.CLOSE),
        Answer.of("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found", After.KEEP));
    try (ScriptedTarget target = new ScriptedTarget(script)) {
      Accounting acc = run(target, 2, 800);
      String measured = acc + ", server answered " + target.answered();
      assertThat(acc.ioError()).as(measured).isZero();
      assertThat(acc.http4xx()).as(measured).isGreaterThan(10);
      assertThat(acc.ok()).as("two in three answers are 200: " + measured)
          .isBetween(acc.http4xx() * 2 - 4, acc.http4xx() * 2 + 4);
      assertThat(target.answered()).as(measured).isBetween(acc.responses(), acc.responses() + acc.cancelled());
    }
  }

  @Test
  void a_reset_mid_response_is_an_io_error() throws Exception {
    String half = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part";
    try (ScriptedTarget target = new ScriptedTarget(List.of(Answer.of(half, After.RESET)))) {
      Accounting acc = run(target, 2, 500);
      assertThat(acc.ioError()).as("%s", acc).isPositive();
      assertThat(acc.ioError() + acc.cancelled()).as("nothing else: %s", acc).isEqualTo(acc.sent());
    }
  }

  @Test
  void garbage_is_an_io_error_and_its_connection_is_closed() throws Exception {
    try (ScriptedTarget target = new ScriptedTarget(List.of(Answer.of("NOT HTTP AT ALL\r\n\r\n", After.KEEP)))) {
      Accounting acc = run(target, 2, 500);
      String measured = acc + ", server: " + target.connections() + " connections, " + target.requests()
          + " requests";
      assertThat(acc.ioError()).as(measured).isGreaterThan(5);
      assertThat(acc.ioError() + acc.cancelled()).as(measured).isEqualTo(acc.sent());
      assertThat(target.connections()).as("one connection per request: " + measured)
          .isBetween(target.requests(), target.requests() + 2);
    }
  }
}
