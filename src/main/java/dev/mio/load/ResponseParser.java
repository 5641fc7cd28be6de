package dev.mio.load;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * An incremental HTTP/1.x response parser for one connection with one request outstanding: status line, the
 * headers that frame the body (Content-Length, Transfer-Encoding, Connection), fixed, chunked or close-delimited
 * bodies (skipped, never copied), interim 1xx responses ignored. Bytes may arrive split anywhere. Not thread-safe;
 * allocates nothing after construction.
 */
final class ResponseParser implements ByteProcessor {
  /** More bytes are needed. */
  static final int NEED_MORE = 0;
  /** A final response ended; {@link #status()} and {@link #isKeepAlive()} describe it. */
  static final int COMPLETE = 1;
  /** The bytes are not an HTTP/1.x response this parser accepts; the connection must be closed. */
  static final int ERROR = -1;

  /** Largest status line plus header section of one response, in bytes (as Netty's default, 8 KiB per line). */
  static final int MAX_HEAD_BYTES = 64 * 1024;
  // Only framing headers and the status line are looked at; a longer one of those is refused as malformed.
  private static final int MAX_INSPECTED_LINE_BYTES = 1024;

  private static final int STATUS_LINE = 0;
  private static final int HEADER_LINE = 1;
  private static final int BODY_FIXED = 2;
  private static final int BODY_UNTIL_CLOSE = 3;
  private static final int CHUNK_SIZE_LINE = 4;
  private static final int CHUNK_DATA = 5;
  private static final int CHUNK_DATA_END_LINE = 6;
  private static final int TRAILER_LINE = 7;
  private static final int DONE = 8;
  private static final int FAILED = 9;

  private final byte[] line = new byte[MAX_INSPECTED_LINE_BYTES];
  private int lineLength; // bytes of the current line seen, possibly more than stored
  private int headBytes;
  private int state;
  private int status;
  private boolean http10;
  private boolean keepAlive;
  private boolean chunked;
  private boolean closeDelimited;
  private long contentLength;
  private long remaining;
  private String error;

  ResponseParser() {
    reset();
  }

  /** Prepares for the response to a new request. */
  void reset() {
    state = STATUS_LINE;
    lineLength = 0;
    headBytes = 0;
    status = 0;
    error = null;
    resetHead();
  }

  private void resetHead() {
    http10 = false;
    keepAlive = true;
    chunked = false;
    closeDelimited = false;
    contentLength = -1;
    remaining = 0;
  }

  /** The final response's status code, valid after {@link #COMPLETE}. */
  int status() {
    return status;
  }

  /** Whether the connection may carry another request after this response (HTTP/1.1 default, no close). */
  boolean isKeepAlive() {
    return keepAlive && !closeDelimited;
  }

  /** Why the last {@link #ERROR} was returned (for diagnostics), or null. */
  String error() {
    return error;
  }

  /**
   * Consumes bytes of {@code in} up to the end of the response and returns {@link #NEED_MORE}, {@link #COMPLETE} or
   * {@link #ERROR}; bytes after a complete response stay unread in {@code in}.
   */
  int feed(ByteBuf in) {
    while (state != DONE && state != FAILED && in.isReadable()) {
      if (state == BODY_FIXED || state == CHUNK_DATA) {
        int n = (int) Math.min(remaining, in.readableBytes());
        in.skipBytes(n);
        remaining -= n;
        if (remaining == 0) {
          state = state == BODY_FIXED ? DONE : CHUNK_DATA_END_LINE;
        }
      } else if (state == BODY_UNTIL_CLOSE) {
        in.skipBytes(in.readableBytes());
      } else {
        feedLine(in);
      }
    }
    return state == DONE ? COMPLETE : state == FAILED ? ERROR : NEED_MORE;
  }

  /** The connection closed (end of input): completes a close-delimited body, anything else is an {@link #ERROR}. */
  int endOfInput() {
    if (state == BODY_UNTIL_CLOSE) {
      state = DONE;
      return COMPLETE;
    }
    if (state == DONE) {
      return COMPLETE;
    }
    fail("connection closed before the response ended");
    return ERROR;
  }

  /**
   * Consumes the rest of the current line (through its LF) or, without an LF, every readable byte: the LF is found
   * with {@link ByteBuf#indexOf} and the line copied in one {@link ByteBuf#getBytes} rather than byte by byte (a
   * callback per byte was a third of the driver's own CPU per request), with the same limits as {@link #process}.
   */
  private void feedLine(ByteBuf in) {
    int from = in.readerIndex();
    int end = in.writerIndex();
    int lf = in.indexOf(from, end, (byte) '\n');
    int n = (lf < 0 ? end : lf) - from;
    boolean head = state == STATUS_LINE || state == HEADER_LINE || state == TRAILER_LINE;
    int room = line.length - lineLength;
    // On a limit, stop just past the offending byte, as the byte-by-byte check does (the LF is counted by process).
    int headFailAt = head && headBytes + n > MAX_HEAD_BYTES ? MAX_HEAD_BYTES - headBytes : Integer.MAX_VALUE;
    int lineFailAt = n > room && state != HEADER_LINE && state != TRAILER_LINE ? room : Integer.MAX_VALUE;
    if (headFailAt != Integer.MAX_VALUE && headFailAt <= lineFailAt) {
      in.readerIndex(from + headFailAt + 1);
      fail("response head longer than " + MAX_HEAD_BYTES + " bytes");
      return;
    }
    if (lineFailAt != Integer.MAX_VALUE) {
      in.readerIndex(from + lineFailAt + 1);
      fail("status or chunk line longer than " + line.length + " bytes");
      return;
    }
    in.readerIndex(lf < 0 ? end : lf + 1);
    if (head) {
      headBytes += n;
    }
    if (n > 0) {
      if (room > 0) {
        in.getBytes(from, line, lineLength, Math.min(n, room));
      }
      lineLength = n > room ? line.length + 1 : lineLength + n; // past the array: too long to inspect
    }
    if (lf >= 0) {
      process((byte) '\n');
    }
  }

  /** One byte of a line-oriented state; returns false to leave {@link #feed} (the state left line parsing). */
  @Override
  public boolean process(byte b) {
    if (state == STATUS_LINE || state == HEADER_LINE || state == TRAILER_LINE) {
      if (++headBytes > MAX_HEAD_BYTES) {
        return fail("response head longer than " + MAX_HEAD_BYTES + " bytes");
      }
    }
    if (b != '\n') {
      if (lineLength < line.length) {
        line[lineLength] = b;
      } else if (state != HEADER_LINE && state != TRAILER_LINE) {
        return fail("status or chunk line longer than " + line.length + " bytes");
      }
      lineLength++; // header and trailer lines are bounded by MAX_HEAD_BYTES instead
      return true;
    }
    int length = lineLength;
    lineLength = 0;
    if (length > line.length) {
      length = Integer.MAX_VALUE; // too long to inspect; fine unless it is a line we must read
    } else if (length > 0 && line[length - 1] == '\r') {
      length--; // CRLF, or a bare LF as RFC 9112 lets a recipient accept
    }
    return onLine(length);
  }

  private boolean onLine(int length) {
    switch (state) {
      case STATUS_LINE:
        return onStatusLine(length);
      case HEADER_LINE:
        return length == 0 ? onEndOfHead() : onHeader(length);
      case CHUNK_SIZE_LINE:
        return onChunkSize(length);
      case CHUNK_DATA_END_LINE:
        if (length != 0) {
          return fail("chunk data not followed by CRLF");
        }
        state = CHUNK_SIZE_LINE;
        return true;
      case TRAILER_LINE:
        if (length == 0) {
          state = DONE;
          return false;
        }
        return true;
      default:
        return fail("unexpected parser state " + state);
    }
  }

  private boolean onStatusLine(int length) {
    // "HTTP/1.x SP ddd" then optionally SP reason.
    if (length == 0 && headBytes <= 2) {
      return true; // a stray empty line before the status line is tolerated
    }
    if (length == Integer.MAX_VALUE || length < 12 || line[0] != 'H' || line[1] != 'T' || line[2] != 'T'
        || line[3] != 'P' || line[4] != '/' || line[5] != '1' || line[6] != '.' || line[8] != ' '
        || (length > 12 && line[12] != ' ')) {
      return fail("malformed status line");
    }
    if (line[7] != '0' && line[7] != '1') {
      return fail("unsupported HTTP version 1." + (char) line[7]);
    }
    int code = 0;
    for (int i = 9; i < 12; i++) {
      int d = line[i] - '0';
      if (d < 0 || d > 9) {
        return fail("malformed status code");
      }
      code = code * 10 + d;
    }
    if (code < 100) {
      return fail("status code below 100");
    }
    resetHead();
    status = code;
    http10 = line[7] == '0';
    keepAlive = !http10;
    state = HEADER_LINE;
    return true;
  }

  private boolean onHeader(int length) {
    boolean tooLong = length == Integer.MAX_VALUE;
    int stored = tooLong ? line.length : length;
    int colon = -1;
    for (int i = 0; i < stored; i++) {
      if (line[i] == ':') {
        colon = i;
        break;
      }
    }
    if (colon <= 0) {
      return fail("header line without a name");
    }
    if (tooLong) {
      // Long values are skipped unread, which is only safe for headers that do not frame the body.
      return nameIs("content-length", colon) || nameIs("transfer-encoding", colon) || nameIs("connection", colon)
          ? fail("framing header longer than " + line.length + " bytes") : true;
    }
    int from = colon + 1;
    int to = length;
    while (from < to && (line[from] == ' ' || line[from] == '\t')) {
      from++;
    }
    while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
      to--;
    }
    if (nameIs("content-length", colon)) {
      return onContentLength(from, to);
    }
    if (nameIs("transfer-encoding", colon)) {
      // The body is chunked when chunked is the last coding; any other coding means "read until close".
      boolean last = endsWithToken("chunked", from, to);
      chunked = last;
      closeDelimited = !last;
      return true;
    }
    if (nameIs("connection", colon)) {
      if (hasToken("close", from, to)) {
        keepAlive = false;
      } else if (http10 && hasToken("keep-alive", from, to)) {
        keepAlive = true;
      }
    }
    return true;
  }

  private boolean onContentLength(int from, int to) {
    if (from == to || to - from > 18) {
      return fail("bad Content-Length");
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int d = line[i] - '0';
      if (d < 0 || d > 9) {
        return fail("bad Content-Length");
      }
      value = value * 10 + d;
    }
    if (contentLength >= 0 && contentLength != value) {
      return fail("conflicting Content-Length headers");
    }
    contentLength = value;
    return true;
  }

  private boolean onEndOfHead() {
    if (status < 200) {
      if (status == 101) {
        return fail("101 Switching Protocols was not asked for");
      }
      // An interim response (100 Continue, 103 Early Hints): the final one follows on the same connection.
      headBytes = 0;
      state = STATUS_LINE;
      return true;
    }
    if (status == 204 || status == 304) {
      state = DONE;
      return false;
    }
    if (chunked) {
      state = CHUNK_SIZE_LINE;
      return true;
    }
    if (closeDelimited || contentLength < 0) {
      closeDelimited = true;
      state = BODY_UNTIL_CLOSE;
      return false;
    }
    if (contentLength == 0) {
      state = DONE;
      return false;
    }
    remaining = contentLength;
    state = BODY_FIXED;
    return false;
  }

  private boolean onChunkSize(int length) {
    if (length == Integer.MAX_VALUE || length == 0) {
      return fail("bad chunk size line");
    }
    long size = 0;
    int digits = 0;
    for (int i = 0; i < length; i++) {
      byte b = line[i];
      int d = b >= '0' && b <= '9' ? b - '0' : (b | 0x20) >= 'a' && (b | 0x20) <= 'f' ? (b | 0x20) - 'a' + 10 : -1;
      if (d < 0) {
        if (b == ';' || b == ' ' || b == '\t') {
          break; // chunk extensions are ignored
        }
        return fail("bad chunk size");
      }
      if (++digits > 15) {
        return fail("chunk size too large");
      }
      size = size * 16 + d;
    }
    if (digits == 0) {
      return fail("bad chunk size");
    }
    if (size == 0) {
      headBytes = 0;
      state = TRAILER_LINE;
      return true;
    }
    remaining = size;
    state = CHUNK_DATA;
    return false;
  }

  private boolean nameIs(String lowerName, int nameLength) {
    if (nameLength != lowerName.length()) {
      return false;
    }
    for (int i = 0; i < nameLength; i++) {
      if ((line[i] | 0x20) != lowerName.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the comma-separated value in {@code [from, to)} holds {@code lowerToken}, case-insensitively. */
  private boolean hasToken(String lowerToken, int from, int to) {
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || line[i] == ',') {
        if (tokenEquals(lowerToken, start, i)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  private boolean endsWithToken(String lowerToken, int from, int to) {
    int start = from;
    for (int i = to - 1; i >= from; i--) {
      if (line[i] == ',') {
        start = i + 1;
        break;
      }
    }
    return tokenEquals(lowerToken, start, to);
  }

  private boolean tokenEquals(String lowerToken, int from, int to) {
    while (from < to && (line[from] == ' ' || line[from] == '\t')) {
      from++;
    }
    while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
      to--;
    }
    if (to - from != lowerToken.length()) {
      return false;
    }
    for (int i = 0; i < lowerToken.length(); i++) {
      if ((line[from + i] | 0x20) != lowerToken.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private boolean fail(String why) {
    error = why;
    state = FAILED;
    return false;
  }
}
