package dev.mio.bench;

import dev.mio.metrics.RunRecorder;
import dev.mio.proxy.FrontDoor;
import dev.mio.proxy.FrontDoorOptions;
import dev.mio.route.Replica;
import dev.mio.route.ShardRouter;
import java.util.List;

/**
 * mio's front door as a plain reverse proxy in front of one upstream (1 instance, 1 shard), listening on a fixed
 * port until killed or the time limit passes; bench/proxy-vs-peers.sh
 * drives it with wrk next to nginx and HAProxy.
 *
 * <p>Run: {@code bench/proxy-vs-peers.sh}, or by hand: {@code taskset -c 1 java -cp
 * bench/target/classes:target/classes:$(cat target/cp.txt) dev.mio.bench.FrontDoorBench 18080 18081 300}
 * (upstream port, listen port, time limit in seconds). Event loops: one per available processor (one when pinned
 * to one core with taskset), as the front door's defaults choose.
 */
public final class FrontDoorBench {
  private FrontDoorBench() {}

  /** Args: upstreamPort listenPort maxSeconds. */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: FrontDoorBench upstreamPort listenPort maxSeconds");
      System.exit(2);
    }
    int upstream = Integer.parseInt(args[0]);
    int listen = Integer.parseInt(args[1]);
    long maxMillis = Long.parseLong(args[2]) * 1000;
    ShardRouter router = ShardRouter.of(1, List.of(Replica.alwaysReady(0, 0, "127.0.0.1", upstream)));
    RunRecorder recorder = new RunRecorder(1, 1);
    try (FrontDoor door = FrontDoor.start(null, router, recorder, FrontDoorOptions.defaults().withPort(listen))) {
      System.out.println("READY " + door.url() + " native=" + door.usesNativeTransport() + " eventLoops="
          + Runtime.getRuntime().availableProcessors());
      Thread.sleep(maxMillis); // the script kills it earlier when done
      System.out.println("accounting " + recorder.snapshot().accounting());
    }
  }
}
