package dev.mio.bench;

import dev.mio.metrics.Outcome;
import dev.mio.metrics.RecorderSnapshot;
import dev.mio.metrics.RunRecorder;
import dev.mio.route.Replica;
import dev.mio.route.ShardRouter;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A prototype, not mio: the closed model written straight on Netty's epoll transport — one pre-encoded GET per
 * connection reused for every request, a byte-level response parser (status line, Content-Length, CRLFCRLF), and
 * the same per-request bookkeeping as mio's driver (router pick, acquire/release, {@link RunRecorder}). It measures
 * how much of the gap between mio's driver and wrk is Vert.x's HTTP client rather than the JVM or the recording.
 * Prints {@code RESULT rps p50Ms p99Ms}. Keep-alive responses with Content-Length only (no chunked bodies).
 *
 * <p>Run: {@code PROTOTYPE=1 bench/driver-vs-wrk.sh} adds it as a third column, or by hand: {@code taskset -c 0
 * java -cp bench/target/classes:target/classes:$(cat target/cp.txt) dev.mio.bench.RawNettyDriver 127.0.0.1 8080 50
 * 10 3}.
 */
public final class RawNettyDriver {
  private RawNettyDriver() {}

  /** Args: host port connections seconds warmupSeconds. */
  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int connections = Integer.parseInt(args[2]);
    double seconds = Double.parseDouble(args[3]);
    double warmupSeconds = Double.parseDouble(args[4]);
    ShardRouter router = ShardRouter.of(1, List.of(Replica.alwaysReady(0, 0, host, port)));
    RunRecorder recorder = new RunRecorder(1, 1);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      Bootstrap b = new Bootstrap().group(group).channel(EpollSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.SO_KEEPALIVE, true);
      List<Channel> channels = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        String path = "/?key=" + c;
        byte[] req = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        Conn conn = new Conn(Unpooled.unreleasableBuffer(Unpooled.directBuffer(req.length).writeBytes(req)), router,
            recorder);
        channels.add(b.clone().handler(conn).connect(host, port).sync().channel());
      }
      Thread.sleep((long) (warmupSeconds * 1000));
      recorder.openWindow();
      Thread.sleep((long) (seconds * 1000));
      recorder.closeWindow();
      for (Channel ch : channels) {
        ch.close();
      }
      RecorderSnapshot snap = recorder.snapshot();
      System.out.printf("RESULT %.0f %.3f %.3f%n", snap.total().throughputPerSecond(), snap.total().latency().p50Ms(),
          snap.total().latency().p99Ms());
      System.out.println("detail accounting=" + snap.accounting());
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** One keep-alive connection with one request outstanding; confined to its event loop. */
  private static final class Conn extends ChannelInboundHandlerAdapter {
    private final ByteBuf request;
    private final ShardRouter router;
    private final RunRecorder recorder;
    private Replica replica;
    private long sentNanos;
    // Response parser state.
    private boolean inHeaders = true;
    private int matched; // bytes of CRLFCRLF matched so far
    private int status;
    private int statusDigits;
    private int spaces;
    private long contentLength;
    private long bodyLeft;
    private final byte[] line = new byte[64];
    private int lineLen;

    Conn(ByteBuf request, ShardRouter router, RunRecorder recorder) {
      this.request = request;
      this.router = router;
      this.recorder = recorder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      send(ctx);
    }

    private void send(ChannelHandlerContext ctx) {
      replica = router.pick(0);
      replica.acquire();
      recorder.requestStarted(replica.instanceId());
      sentNanos = System.nanoTime();
      inHeaders = true;
      matched = 0;
      status = 0;
      statusDigits = 0;
      spaces = 0;
      contentLength = 0;
      lineLen = 0;
      ctx.writeAndFlush(request.duplicate(), ctx.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        while (buf.isReadable()) {
          if (inHeaders) {
            byte ch = buf.readByte();
            headerByte(ch);
            if (!inHeaders) {
              bodyLeft = contentLength;
              if (bodyLeft == 0) {
                complete(ctx);
              }
            }
          } else {
            int n = (int) Math.min(bodyLeft, buf.readableBytes());
            buf.skipBytes(n);
            bodyLeft -= n;
            if (bodyLeft == 0) {
              complete(ctx);
            }
          }
        }
      } finally {
        buf.release();
      }
    }

    private void headerByte(byte ch) {
      if (status == 0 && statusDigits < 3) {
        if (ch == ' ') {
          spaces++;
        } else if (spaces == 1 && ch >= '0' && ch <= '9') {
          statusDigits++;
          if (statusDigits == 3) {
            status = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (ch - '0');
          } else {
            line[statusDigits - 1] = ch;
          }
        }
      }
      if (ch == '\r' || ch == '\n') {
        if (lineLen > 15 && (line[0] | 0x20) == 'c' && (line[8] | 0x20) == 'l' && line[14] == ':') {
          long v = 0;
          for (int i = 15; i < lineLen; i++) {
            if (line[i] >= '0' && line[i] <= '9') {
              v = v * 10 + (line[i] - '0');
            }
          }
          contentLength = v; // "content-length:" is 15 bytes; the other c…l… headers are not 15 long with ':'
        }
        lineLen = 0;
        matched = (ch == '\r' && (matched == 0 || matched == 2)) || (ch == '\n' && (matched == 1 || matched == 3))
            ? matched + 1 : (ch == '\r' ? 1 : 0);
        if (matched == 4) {
          inHeaders = false;
        }
      } else {
        matched = 0;
        if (statusDigits >= 3 && lineLen < line.length) {
          line[lineLen++] = ch;
        }
      }
    }

    private void complete(ChannelHandlerContext ctx) {
      long now = System.nanoTime();
      replica.release();
      recorder.requestEnded(replica.instanceId(), Outcome.ofStatus(status), now - sentNanos);
      send(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
