package dev.mio.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResponseParserTest {

  /** What the parser made of one response fed in pieces. */
  private record Parsed(int result, int status, boolean keepAlive, int leftoverBytes, String error) { }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Feeds {@code wire} cut at the given positions, then (if asked) signals the end of input. */
  private static Parsed parse(byte[] wire, int[] cuts, boolean closeAtEnd) {
    ResponseParser p = new ResponseParser();
    int result = ResponseParser.NEED_MORE;
    int leftover = 0;
    int from = 0;
    int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
    ends[cuts.length] = wire.length;
    for (int end : ends) {
      ByteBuf piece = Unpooled.wrappedBuffer(wire, from, end - from);
      from = end;
      if (result != ResponseParser.NEED_MORE) {
        leftover += piece.readableBytes();
        continue;
      }
      result = p.feed(piece);
      leftover += piece.readableBytes();
    }
    if (closeAtEnd && result == ResponseParser.NEED_MORE) {
      result = p.endOfInput();
    }
    return new Parsed(result, p.status(), p.isKeepAlive(), leftover, p.error());
  }

  /** Parses the response whole, then split once at every position, then split into single bytes: all must agree. */
  private static Parsed parseEverySplit(String response, boolean closeAtEnd) {
    byte[] wire = bytes(response);
    Parsed whole = parse(wire, new int[0], closeAtEnd);
    for (int cut = 0; cut <= wire.length; cut++) {
      Parsed split = parse(wire, new int[] {cut}, closeAtEnd);
      assertThat(split).as("split at byte %d of %s", cut, printable(response)).isEqualTo(whole);
    }
    int[] everyByte = new int[Math.max(0, wire.length - 1)];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = i + 1;
    }
    assertThat(parse(wire, everyByte, closeAtEnd)).as("byte by byte: %s", printable(response)).isEqualTo(whole);
    return whole;
  }

  private static String printable(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n");
  }

  @Test
  void content_length_response_completes_at_its_last_byte_and_keeps_the_connection() {
    Parsed p = parseEverySplit("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 5\r\n\r\nhello", false);
    assertThat(p).isEqualTo(new Parsed(ResponseParser.COMPLETE, 200, true, 0, null));
  }

  @Test
  void empty_body_and_no_reason_phrase_complete_at_the_end_of_the_head() {
    assertThat(parseEverySplit("HTTP/1.1 204\r\n\r\n", false))
        .isEqualTo(new Parsed(ResponseParser.COMPLETE, 204, true, 0, null));
    assertThat(parseEverySplit("HTTP/1.1 404 Not Found\r\ncontent-length:0\r\n\r\n", false))
        .isEqualTo(new Parsed(ResponseParser.COMPLETE, 404, true, 0, null));
    assertThat(parseEverySplit("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n", false))
        .as("304 never has a body").isEqualTo(new Parsed(ResponseParser.COMPLETE, 304, true, 0, null));
  }

  @Test
  void large_content_length_is_skipped_without_being_buffered() {
    String body = "x".repeat(70_000);
    Parsed p = parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 70000\r\n\r\n" + body), new int[] {10, 50, 40_000},
        false);
    assertThat(p).isEqualTo(new Parsed(ResponseParser.COMPLETE, 200, true, 0, null));
  }

  @Test
  void chunked_body_with_extensions_and_trailers_completes_after_the_last_chunk() {
    Parsed p = parseEverySplit("HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n", false);
    assertThat(p).isEqualTo(new Parsed(ResponseParser.COMPLETE, 500, true, 0, null));
  }

  @Test
  void chunked_wins_over_content_length() {
    Parsed p = parseEverySplit("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
        + "2\r\nok\r\n0\r\n\r\n", false);
    assertThat(p).isEqualTo(new Parsed(ResponseParser.COMPLETE, 200, true, 0, null));
  }

  @Test
  void connection_close_is_honoured_after_the_body() {
    Parsed p = parseEverySplit("HTTP/1.1 200 OK\r\nConnection: foo, Close\r\nContent-Length: 2\r\n\r\nok", false);
    assertThat(p).isEqualTo(new Parsed(ResponseParser.COMPLETE, 200, false, 0, null));
  }

  @Test
  void http10_closes_unless_keep_alive_and_reads_an_unframed_body_until_close() {
    assertThat(parseEverySplit("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", false))
        .isEqualTo(new Parsed(ResponseParser.COMPLETE, 200, false, 0, null));
    assertThat(parseEverySplit("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", false))
        .isEqualTo(new Parsed(ResponseParser.COMPLETE, 200, true, 0, null));
    assertThat(parseEverySplit("HTTP/1.0 200 OK\r\nServer: old\r\n\r\nbody until close", true))
        .isEqualTo(new Parsed(ResponseParser.COMPLETE, 200, false, 0, null));
    assertThat(parseEverySplit("HTTP/1.1 200 OK\r\n\r\nunframed", true))
        .as("HTTP/1.1 without framing is close-delimited too")
        .isEqualTo(new Parsed(ResponseParser.COMPLETE, 200, false, 0, null));
  }

  @Test
  void interim_1xx_responses_are_skipped() {
    Parsed p = parseEverySplit("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
        + "HTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\n!", false);
    assertThat(p).isEqualTo(new Parsed(ResponseParser.COMPLETE, 201, true, 0, null));
  }

  @Test
  void bare_lf_line_ends_are_accepted() {
    assertThat(parseEverySplit("HTTP/1.1 200 OK\nContent-Length: 2\n\nok", false))
        .isEqualTo(new Parsed(ResponseParser.COMPLETE, 200, true, 0, null));
  }

  @Test
  void bytes_after_a_complete_response_are_left_unread() {
    Parsed p = parseEverySplit("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA", false);
    assertThat(p.result()).isEqualTo(ResponseParser.COMPLETE);
    assertThat(p.leftoverBytes()).as("the 5 bytes after the body").isEqualTo(5);
  }

  @Test
  void a_close_before_the_end_is_an_error() {
    assertThat(parseEverySplit("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", true).result())
        .isEqualTo(ResponseParser.ERROR);
    assertThat(parseEverySplit("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", true).result())
        .isEqualTo(ResponseParser.ERROR);
    assertThat(parseEverySplit("HTTP/1.1 200 OK\r\nContent-Le", true).result()).isEqualTo(ResponseParser.ERROR);
    assertThat(parseEverySplit("", true).result()).isEqualTo(ResponseParser.ERROR);
  }

  @Test
  void garbage_is_an_error() {
    String[] bad = {
        "SSH-2.0-OpenSSH_9.2\r\n",
        "HTTP/2 200\r\n\r\n",
        "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/1.1 099 Low\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX\r\n",
        "HTTP/1.1 101 Switching Protocols\r\n\r\n",
    };
    for (String response : bad) {
      Parsed p = parseEverySplit(response, false);
      assertThat(p.result()).as("%s -> %s", printable(response), p).isEqualTo(ResponseParser.ERROR);
      assertThat(p.error()).as("a reason for %s", printable(response)).isNotBlank();
    }
  }

  @Test
  void a_head_over_the_size_limit_is_an_error_and_long_other_headers_are_fine_below_it() {
    String longValue = "v".repeat(5000);
    assertThat(parse(bytes("HTTP/1.1 200 OK\r\nX-Long: " + longValue + "\r\nContent-Length: 2\r\n\r\nok"),
        new int[] {100, 3000}, false)).isEqualTo(new Parsed(ResponseParser.COMPLETE, 200, true, 0, null));
    StringBuilder huge = new StringBuilder("HTTP/1.1 200 OK\r\n");
    while (huge.length() <= ResponseParser.MAX_HEAD_BYTES) {
      huge.append("X-Filler: ").append(longValue).append("\r\n");
    }
    Parsed p = parse(bytes(huge.toString()), new int[] {1000}, false);
    assertThat(p.result()).as("head of %d bytes: %s", huge.length(), p).isEqualTo(ResponseParser.ERROR);
    assertThat(parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: " + "1".repeat(2000) + "\r\n\r\n"), new int[0],
        false).result()).as("an over-long framing header").isEqualTo(ResponseParser.ERROR);
  }

  @Test
  void a_status_line_is_read_up_to_the_inspected_length_and_refused_one_byte_past_it_however_it_is_split() {
    // Everything before the LF is kept (the CR too): "HTTP/1.1 200 " (13) + reason + CR.
    int longestReason = 1024 - 14;
    assertThat(parseEverySplit("HTTP/1.1 200 " + "r".repeat(longestReason) + "\r\nContent-Length: 0\r\n\r\n", false))
        .isEqualTo(new Parsed(ResponseParser.COMPLETE, 200, true, 0, null));
    Parsed tooLong = parseEverySplit("HTTP/1.1 200 " + "r".repeat(longestReason + 1) + "\r\n\r\n", false);
    assertThat(tooLong.result()).as("a status line one byte too long: %s", tooLong).isEqualTo(ResponseParser.ERROR);
  }

  @Test
  void the_parser_is_reusable_after_reset() {
    ResponseParser p = new ResponseParser();
    assertThat(p.feed(Unpooled.wrappedBuffer(bytes("HTTP/1.1 503 x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")))).isEqualTo(
        ResponseParser.COMPLETE);
    assertThat(p.isKeepAlive()).isFalse();
    p.reset();
    assertThat(p.feed(Unpooled.wrappedBuffer(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")))).isEqualTo(
        ResponseParser.COMPLETE);
    assertThat(p.status()).isEqualTo(200);
    assertThat(p.isKeepAlive()).isTrue();
  }
}
