package dev.mio.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Known-answer tests of the byte-level response reader, with the input cut at every possible place. */
class ResponseReaderTest {
  /** Records what the reader reports, as the client would receive it. */
  private static final class Client implements ResponseReader.Listener {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean client10;
    boolean clientKeepAlive = true;
    int heads;
    int ends;
    boolean reusable;
    boolean malformed;

    @Override
    public void onResponseHead(ResponseReader r) {
      heads++;
      boolean addChunked = r.chunked && !client10;
      r.dechunk = r.chunked && client10;
      // As the front door does: a de-chunked body ends with the connection.
      ByteBuf head = r.encodeHead(ByteBufAllocator.DEFAULT, client10, addChunked, clientKeepAlive && !r.dechunk);
      write(head);
    }

    @Override
    public void onResponseBody(ByteBuf slice) {
      write(slice);
    }

    @Override
    public void onResponseEnd(boolean reusable) {
      ends++;
      this.reusable = reusable;
    }

    @Override
    public void onResponseMalformed() {
      malformed = true;
    }

    private void write(ByteBuf b) {
      byte[] a = new byte[b.readableBytes()];
      b.readBytes(a);
      b.release();
      bytes.writeBytes(a);
    }

    String text() {
      return bytes.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** Feeds {@code response} in two pieces cut at {@code cut} and returns what the client got. */
  private static Client feed(String response, int cut, boolean client10, boolean head) {
    byte[] all = response.getBytes(StandardCharsets.ISO_8859_1);
    ResponseReader reader = new ResponseReader();
    reader.requestWasHead = head;
    Client c = new Client();
    c.client10 = client10;
    reader.read(Unpooled.copiedBuffer(all, 0, cut), c);
    if (cut < all.length) {
      reader.read(Unpooled.copiedBuffer(all, cut, all.length - cut), c);
    }
    return c;
  }

  @Test
  void content_length_response_passes_with_hop_by_hop_lines_dropped_wherever_it_is_cut() {
    String in = "HTTP/1.1 200 OK\r\nServer: x\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
        + "Content-Length: 5\r\nX-A: 1\r\n\r\nhello";
    for (int cut = 1; cut <= in.length(); cut++) {
      Client c = feed(in, cut, false, false);
      assertThat(c.text()).as("client bytes, input cut at %d", cut)
          .isEqualTo("HTTP/1.1 200 OK\r\nServer: x\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhello");
      assertThat(c.ends).as("ends, cut at %d", cut).isEqualTo(1);
      assertThat(c.reusable).as("reusable, cut at %d", cut).isTrue();
      assertThat(c.malformed).as("malformed, cut at %d", cut).isFalse();
    }
  }

  @Test
  void chunked_response_with_trailer_passes_as_it_came_to_http_1_1_and_dechunked_to_http_1_0() {
    String in = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n"
        + "X-T: 1\r\n\r\n";
    String body = "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n";
    for (int cut = 1; cut <= in.length(); cut++) {
      Client c11 = feed(in, cut, false, false);
      assertThat(c11.text()).as("HTTP/1.1 client bytes, cut at %d", cut)
          .isEqualTo("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n" + body);
      assertThat(c11.ends).as("ends, cut at %d", cut).isEqualTo(1);
      Client c10 = feed(in, cut, true, false);
      assertThat(c10.text()).as("HTTP/1.0 client bytes, cut at %d", cut)
          .isEqualTo("HTTP/1.0 200 OK\r\nconnection: close\r\n\r\nhello world");
      assertThat(c10.ends).as("ends, cut at %d", cut).isEqualTo(1);
    }
  }

  @Test
  void interim_response_is_skipped_and_head_request_has_no_body() {
    Client c = feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", 10, false, false);
    assertThat(c.text()).as("after a 100").isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");
    assertThat(c.heads).as("heads passed on").isEqualTo(1);
    Client h = feed("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", 5, false, true);
    assertThat(h.ends).as("HEAD response ends at its head").isEqualTo(1);
    assertThat(h.reusable).as("HEAD response leaves the connection reusable").isTrue();
  }

  @Test
  void response_without_length_reads_until_close_and_is_not_reusable() {
    ResponseReader reader = new ResponseReader();
    Client c = new Client();
    reader.read(Unpooled.copiedBuffer("HTTP/1.0 200 OK\r\n\r\nsome", StandardCharsets.ISO_8859_1), c);
    reader.read(Unpooled.copiedBuffer(" more", StandardCharsets.ISO_8859_1), c);
    assertThat(c.ends).as("ends before the close").isZero();
    reader.closed(c);
    assertThat(c.ends).as("ends at the close").isEqualTo(1);
    assertThat(c.reusable).as("reusable").isFalse();
    assertThat(c.text()).as("client bytes: HTTP/1.1 towards an HTTP/1.1 client")
        .isEqualTo("HTTP/1.1 200 OK\r\n\r\nsome more");
  }

  @Test
  void connection_listing_a_header_drops_it_and_garbage_is_malformed() {
    Client c = feed("HTTP/1.1 200 OK\r\nConnection: X-Hop\r\nX-Hop: 1\r\nX-End: 2\r\nContent-Length: 0\r\n\r\n", 3,
        false, false);
    assertThat(c.text()).as("listed header dropped").isEqualTo("HTTP/1.1 200 OK\r\nX-End: 2\r\nContent-Length: 0\r\n\r\n");
    assertThat(feed("SSH-2.0-OpenSSH\r\n\r\n", 4, false, false).malformed).as("not HTTP").isTrue();
    assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", 4, false, false).malformed)
        .as("bad length").isTrue();
  }
}
