package dev.mio.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mio.metrics.RecorderSnapshot.WindowState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunRecorderTest {

  @Test
  void concurrent_threads_are_all_counted_and_accounting_balances() throws Exception {
    RunRecorder recorder = new RunRecorder(4, 2);
    recorder.openWindow();
    int threads = 4;
    int perThread = 50_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int n = 0; n < perThread; n++) {
          int instance = n % 4;
          recorder.requestStarted(instance);
          Outcome o = n % 10 == 0 ? Outcome.HTTP_5XX : n % 10 == 1 ? Outcome.TIMEOUT : Outcome.OK;
          recorder.requestEnded(instance, o, 1_000_000);
        }
      });
      w.start();
      workers.add(w);
    }
    go.countDown();
    for (Thread w : workers) {
      w.join(TimeUnit.SECONDS.toMillis(30));
    }
    recorder.closeWindow();
    RecorderSnapshot snap = recorder.snapshot();
    long total = (long) threads * perThread;
    assertThat(snap.accounting().sent()).isEqualTo(total);
    assertThat(snap.accounting().isBalanced()).as("accounting %s", snap.accounting()).isTrue();
    assertThat(snap.accounting().timeout()).isEqualTo(total / 10);
    assertThat(snap.total().responses()).as("window responses").isEqualTo(total - total / 10);
    assertThat(snap.total().http5xx()).isEqualTo(total / 10);
    assertThat(snap.total().latency().count()).as("latencies recorded = responses").isEqualTo(snap.total().responses());
    assertThat(snap.total().latency().p99Ms()).isCloseTo(1.0, within(0.01));
    assertThat(recorder.responsesSoFar()).isEqualTo(snap.total().responses());
  }

  @Test
  void only_responses_while_the_window_is_open_count_toward_window_figures() {
    RunRecorder recorder = new RunRecorder(2, 2);
    recorder.requestStarted(0);
    recorder.requestEnded(0, Outcome.OK, 5_000_000);
    assertThat(recorder.snapshot().windowState()).isEqualTo(WindowState.NOT_OPENED);
    recorder.openWindow();
    recorder.requestStarted(0);
    recorder.requestEnded(0, Outcome.OK, 7_000_000);
    recorder.requestStarted(1);
    recorder.requestEnded(1, Outcome.HTTP_4XX, 9_000_000);
    recorder.requestStarted(1);
    recorder.closeWindow();
    recorder.requestEnded(1, Outcome.OK, 100_000_000);
    RecorderSnapshot snap = recorder.snapshot();
    assertThat(snap.windowState()).isEqualTo(WindowState.CLOSED);
    assertThat(snap.total().responses()).isEqualTo(2);
    assertThat(snap.perInstance().get(0).ok()).isEqualTo(1);
    assertThat(snap.perInstance().get(0).latency().maxMs()).isCloseTo(7.0, within(0.01));
    assertThat(snap.perInstance().get(1).http4xx()).isEqualTo(1);
    assertThat(snap.total().latency().maxMs()).as("late response excluded").isCloseTo(9.0, within(0.01));
    assertThat(snap.accounting().sent()).isEqualTo(4);
    assertThat(snap.accounting().ok()).as("accounting counts the whole phase").isEqualTo(3);
    assertThat(snap.accounting().isBalanced()).isTrue();
    assertThat(snap.windowNanos()).isPositive();
    assertThat(recorder.snapshot().total()).as("closed window is frozen").isEqualTo(snap.total());
  }

  @Test
  void shard_figures_merge_the_instances_of_the_shard() {
    RunRecorder recorder = new RunRecorder(4, 2);
    recorder.openWindow();
    // instance 0 and 2 are shard 0, 1 and 3 shard 1
    for (int ms = 1; ms <= 100; ms++) {
      recorder.requestStarted(0);
      recorder.requestEnded(0, Outcome.OK, ms * 1_000_000L);
      recorder.requestStarted(2);
      recorder.requestEnded(2, Outcome.OK, (100 + ms) * 1_000_000L);
    }
    recorder.requestStarted(3);
    recorder.requestEnded(3, Outcome.OK, 1_000_000L);
    RecorderSnapshot snap = recorder.snapshot();
    assertThat(snap.windowState()).isEqualTo(WindowState.OPEN);
    assertThat(snap.responsesPerShard()).containsExactly(200, 1);
    WindowFigures shard0 = snap.perShard().get(0);
    assertThat(shard0.latency().p50Ms()).as("median of 1..200 ms").isCloseTo(100.0, within(0.2));
    assertThat(shard0.latency().maxMs()).isCloseTo(200.0, within(0.2));
    assertThat(shard0.latency().meanMs()).isCloseTo(100.5, within(0.2));
    assertThat(snap.perInstance().get(1).latency().p50Ms()).as("no responses → null").isNull();
    assertThat(shard0.throughputPerSecond()).isPositive();
  }
}
