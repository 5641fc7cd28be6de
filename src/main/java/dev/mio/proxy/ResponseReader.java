package dev.mio.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * A byte-level reader of an instance's HTTP/1.x responses on one connection: it finds the head, rewrites it for the
 * client (hop-by-hop lines dropped while copying, the client's version, framing and Connection lines added), and
 * frames the body (Content-Length, chunked, or until close) so that its bytes pass through as slices of what was
 * read, never decoded into objects and encoded again — that round trip was a third of the front door's CPU (JFR).
 */
final class ResponseReader {
  /** What the reader tells the request it serves. */
  interface Listener {
    /** A final (non-1xx) response head was read; {@code reader} describes it and writes it on request. */
    void onResponseHead(ResponseReader reader);

    /** Body bytes to pass on; the slice is the listener's to write or release. */
    void onResponseBody(ByteBuf slice);

    /** The response ended; {@code reusable} when the connection may carry another request. */
    void onResponseEnd(boolean reusable);

    /** The response cannot be read (malformed, too large, a protocol switch). */
    void onResponseMalformed();
  }

  private static final int MAX_HEAD_BYTES = 16 * 1024;
  private static final int MAX_HEADERS = 128;
  private static final byte[] HTTP_1_0 = "HTTP/1.0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HTTP_1_1 = "HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHUNKED_LINE = "transfer-encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE_LINE = "connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEEP_ALIVE_LINE = "connection: keep-alive\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] HOP_BY_HOP = names("connection", "keep-alive", "proxy-connection",
      "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");
  private static final byte[] CONTENT_LENGTH = names("content-length")[0];

  private enum State { HEAD, FIXED, CHUNK_SIZE, CHUNK_EXT, CHUNK_DATA, CHUNK_CRLF, TRAILER, UNTIL_CLOSE }

  private State state = State.HEAD;
  private ByteBuf partialHead;
  // Per head: line starts, colon positions and ends (after the line break) of the header lines.
  private final int[] lineStart = new int[MAX_HEADERS];
  private final int[] lineColon = new int[MAX_HEADERS];
  private final int[] lineEnd = new int[MAX_HEADERS];
  private final boolean[] dropLine = new boolean[MAX_HEADERS];
  private int lines;
  private int statusLineStart;
  private int statusLineEnd;
  private ByteBuf head;
  private long remaining;
  private int trailerLineBytes;
  private boolean sawChunkDigit;

  /** The response's status code. */
  int status;
  /** Whether the instance answered in HTTP/1.0. */
  boolean http10;
  /** Whether the instance keeps the connection open after this response. */
  boolean keepAlive;
  /** Whether the response's body is chunked. */
  boolean chunked;
  /** Whether the response has a Content-Length (and no chunked coding). */
  boolean hasContentLength;
  /** Set by the listener before a response: the request was HEAD, so no response has a body. */
  boolean requestWasHead;
  /** Set by the listener in {@link Listener#onResponseHead}: pass only chunk data, not the chunked framing. */
  boolean dechunk;

  /** Reads {@code in} (released here) and reports to {@code l}. */
  void read(ByteBuf in, Listener l) {
    ByteBuf b = in;
    if (partialHead != null) {
      partialHead.writeBytes(in);
      in.release();
      b = partialHead;
      partialHead = null;
    }
    try {
      while (b.isReadable()) {
        if (!(state == State.HEAD ? readHead(b, l) : readBody(b, l))) {
          return;
        }
      }
    } finally {
      b.release();
    }
  }

  /** The connection closed: ends a body read until close, else reports the response as cut short. */
  void closed(Listener l) {
    releasePartial();
    State was = state;
    state = State.HEAD;
    if (was == State.UNTIL_CLOSE) {
      l.onResponseEnd(false);
    } else {
      l.onResponseMalformed();
    }
  }

  /** Frees what is held between reads (the connection is gone). */
  void releasePartial() {
    if (partialHead != null) {
      partialHead.release();
      partialHead = null;
    }
  }

  // Returns false when reading must stop (head incomplete, or the listener was told of an end or an error).
  private boolean readHead(ByteBuf b, Listener l) {
    int end = parseHead(b);
    if (end == -2 || (end == -1 && b.readableBytes() > MAX_HEAD_BYTES)) {
      l.onResponseMalformed();
      return false;
    }
    if (end == -1) {
      // Rare: the head came in pieces; keep a copy until the rest arrives.
      partialHead = b.alloc().buffer(Math.max(1024, b.readableBytes() * 2));
      partialHead.writeBytes(b);
      return false;
    }
    if (status < 200) {
      if (status == 101) {
        l.onResponseMalformed(); // a protocol switch was never asked for (Upgrade is not forwarded)
        return false;
      }
      b.readerIndex(end); // an interim response: the final one follows
      return true;
    }
    head = b;
    try {
      l.onResponseHead(this);
    } finally {
      head = null;
    }
    b.readerIndex(end);
    if (requestWasHead || status == 204 || status == 304) {
      return end(b, l);
    }
    if (chunked) {
      state = State.CHUNK_SIZE;
      remaining = 0;
      sawChunkDigit = false;
    } else if (hasContentLength) {
      state = State.FIXED;
      if (remaining == 0) {
        return end(b, l);
      }
    } else {
      state = State.UNTIL_CLOSE;
    }
    return true;
  }

  private boolean end(ByteBuf b, Listener l) {
    // Bytes after the end of a response were never asked for: the connection is out of step and is not reused.
    boolean leftover = b.isReadable();
    b.skipBytes(b.readableBytes());
    state = State.HEAD;
    l.onResponseEnd(keepAlive && !leftover);
    return false;
  }

  /** Ends a chunk-size line (after its size and any extension): data next, or the trailer after the last chunk. */
  private boolean endChunkSizeLine(Listener l) {
    if (!sawChunkDigit) {
      l.onResponseMalformed();
      return false;
    }
    state = remaining == 0 ? State.TRAILER : State.CHUNK_DATA;
    trailerLineBytes = 0;
    sawChunkDigit = false;
    return true;
  }

  private boolean readBody(ByteBuf b, Listener l) {
    int i = b.readerIndex();
    int end = b.writerIndex();
    if (state == State.FIXED || state == State.UNTIL_CLOSE) {
      int n = state == State.UNTIL_CLOSE ? end - i : (int) Math.min(remaining, end - i);
      l.onResponseBody(b.retainedSlice(i, n));
      b.readerIndex(i + n);
      if (state == State.FIXED) {
        remaining -= n;
        if (remaining == 0) {
          return end(b, l);
        }
      }
      return true;
    }
    // Chunked: the framing is parsed only to find the end; a 1.1 client gets the bytes as they came.
    int rawFrom = i;
    boolean done = false;
    while (i < end && !done) {
      byte c;
      switch (state) {
        case CHUNK_SIZE:
          c = b.getByte(i++);
          if (c == '\n') {
            if (!endChunkSizeLine(l)) {
              return false;
            }
          } else if (c == ';') {
            state = State.CHUNK_EXT;
          } else if (c != '\r' && c != ' ' && c != '\t') {
            int d = Character.digit(c, 16);
            if (d < 0 || remaining > (Long.MAX_VALUE >> 5)) {
              l.onResponseMalformed();
              return false;
            }
            remaining = remaining * 16 + d;
            sawChunkDigit = true;
          }
          break;
        case CHUNK_EXT:
          if (b.getByte(i++) == '\n') {
            if (!endChunkSizeLine(l)) {
              return false;
            }
          }
          break;
        case CHUNK_DATA:
          int n = (int) Math.min(remaining, end - i);
          if (dechunk) {
            l.onResponseBody(b.retainedSlice(i, n));
          }
          i += n;
          remaining -= n;
          if (remaining == 0) {
            state = State.CHUNK_CRLF;
          }
          break;
        case CHUNK_CRLF:
          c = b.getByte(i++);
          if (c == '\n') {
            state = State.CHUNK_SIZE;
          } else if (c != '\r') {
            l.onResponseMalformed();
            return false;
          }
          break;
        case TRAILER:
          c = b.getByte(i++);
          if (c == '\n') {
            if (trailerLineBytes == 0) {
              done = true;
            }
            trailerLineBytes = 0;
          } else if (c != '\r') {
            trailerLineBytes++;
          }
          break;
        default:
          throw new IllegalStateException("not in a chunked body: " + state);
      }
    }
    if (!dechunk && i > rawFrom) {
      l.onResponseBody(b.retainedSlice(rawFrom, i - rawFrom));
    }
    b.readerIndex(i);
    return done ? end(b, l) : true;
  }

  /**
   * Parses the head at {@code b}'s reader index: the index just after it, -1 if incomplete, -2 if malformed;
   * fills the public fields and the line table.
   */
  private int parseHead(ByteBuf b) {
    int from = b.readerIndex();
    int end = b.writerIndex();
    int lf = b.indexOf(from, end, (byte) '\n');
    if (lf < 0) {
      return -1;
    }
    // "HTTP/1.x SSS": the version and the status are at fixed places.
    if (lf - from < 12 || b.getByte(from) != 'H' || b.getByte(from + 4) != '/' || b.getByte(from + 5) != '1'
        || b.getByte(from + 8) != ' ') {
      return -2;
    }
    http10 = b.getByte(from + 7) == '0';
    int s0 = b.getByte(from + 9) - '0';
    int s1 = b.getByte(from + 10) - '0';
    int s2 = b.getByte(from + 11) - '0';
    if (s0 < 1 || s0 > 5 || s1 < 0 || s1 > 9 || s2 < 0 || s2 > 9) {
      return -2;
    }
    status = s0 * 100 + s1 * 10 + s2;
    statusLineStart = from;
    statusLineEnd = lf + 1;
    lines = 0;
    chunked = false;
    hasContentLength = false;
    remaining = 0;
    boolean close = false;
    boolean keepAliveAsked = false;
    boolean connectionListsOthers = false;
    int i = lf + 1;
    while (true) {
      lf = b.indexOf(i, end, (byte) '\n');
      if (lf < 0) {
        return -1;
      }
      int contentEnd = lf > i && b.getByte(lf - 1) == '\r' ? lf - 1 : lf;
      if (contentEnd == i) {
        i = lf + 1;
        break; // the empty line ends the head
      }
      if (lines == MAX_HEADERS) {
        return -2;
      }
      int colon = b.indexOf(i, contentEnd, (byte) ':');
      if (colon <= i) {
        return -2;
      }
      lineStart[lines] = i;
      lineColon[lines] = colon;
      lineEnd[lines] = lf + 1;
      boolean hop = isOneOf(b, i, colon - i, HOP_BY_HOP);
      dropLine[lines] = hop;
      if (hop) {
        int n = colon - i;
        if (n == 17) { // transfer-encoding
          chunked |= containsIgnoreCase(b, colon + 1, contentEnd, "chunked");
        } else if (n == 10 && (b.getByte(i) | 0x20) == 'c') { // connection
          close |= containsIgnoreCase(b, colon + 1, contentEnd, "close");
          keepAliveAsked |= containsIgnoreCase(b, colon + 1, contentEnd, "keep-alive");
          connectionListsOthers |= listsOthers(b, colon + 1, contentEnd);
        }
      } else if (colon - i == CONTENT_LENGTH.length && isOneOf(b, i, colon - i, CONTENT_LENGTH)) {
        long v = 0;
        boolean digit = false;
        for (int k = colon + 1; k < contentEnd; k++) {
          byte c = b.getByte(k);
          if (c >= '0' && c <= '9') {
            v = v * 10 + (c - '0');
            digit = true;
            if (v > (1L << 50)) {
              return -2;
            }
          } else if (c != ' ' && c != '\t') {
            return -2;
          }
        }
        if (!digit || (hasContentLength && v != remaining)) {
          return -2;
        }
        hasContentLength = true;
        remaining = v;
      }
      lines++;
      i = lf + 1;
    }
    if (chunked) {
      hasContentLength = false; // RFC 9112 §6.3: chunked wins, and the length is not passed on
      for (int k = 0; k < lines; k++) {
        if (isOneOf(b, lineStart[k], lineColon[k] - lineStart[k], CONTENT_LENGTH)) {
          dropLine[k] = true;
        }
      }
      remaining = 0;
    }
    keepAlive = !close && (!http10 || keepAliveAsked);
    if (connectionListsOthers) {
      dropListed(b);
    }
    return i;
  }

  /**
   * Writes the head for the client to a new buffer: the status line (in the client's version), every
   * end-to-end header line as it came, then the framing and Connection lines the front door decides.
   */
  ByteBuf encodeHead(ByteBufAllocator alloc, boolean client10, boolean addChunked, boolean clientKeepAlive) {
    ByteBuf b = head;
    ByteBuf out = alloc.directBuffer(lineEndOfHead() - statusLineStart + 64);
    // The status line carries the front door's version towards this client, whatever the instance spoke.
    if (client10 == http10) {
      out.writeBytes(b, statusLineStart, statusLineEnd - statusLineStart);
    } else {
      out.writeBytes(client10 ? HTTP_1_0 : HTTP_1_1);
      out.writeBytes(b, statusLineStart + 8, statusLineEnd - statusLineStart - 8);
    }
    // Runs of kept lines are copied at once.
    int runFrom = -1;
    for (int k = 0; k < lines; k++) {
      if (dropLine[k]) {
        if (runFrom >= 0) {
          out.writeBytes(b, runFrom, lineStart[k] - runFrom);
          runFrom = -1;
        }
      } else if (runFrom < 0) {
        runFrom = lineStart[k];
      }
    }
    if (runFrom >= 0) {
      out.writeBytes(b, runFrom, lineEnd[lines - 1] - runFrom);
    }
    if (addChunked) {
      out.writeBytes(CHUNKED_LINE);
    }
    if (!clientKeepAlive) {
      out.writeBytes(CLOSE_LINE);
    } else if (client10) {
      out.writeBytes(KEEP_ALIVE_LINE);
    }
    out.writeByte('\r').writeByte('\n');
    return out;
  }

  private int lineEndOfHead() {
    return lines == 0 ? statusLineEnd : lineEnd[lines - 1];
  }

  // Connection may name further per-hop headers (RFC 9110 §7.6.1); rare, so this allocates without care.
  private void dropListed(ByteBuf b) {
    for (int k = 0; k < lines; k++) {
      int n = lineColon[k] - lineStart[k];
      if (n == 10 && (b.getByte(lineStart[k]) | 0x20) == 'c' && dropLine[k]) {
        int contentEnd = lineEnd[k] - 1;
        String value = b.toString(lineColon[k] + 1, contentEnd - lineColon[k] - 1, StandardCharsets.ISO_8859_1);
        for (String token : value.split(",")) {
          byte[][] name = names(token.trim().toLowerCase(java.util.Locale.ROOT));
          for (int j = 0; j < lines; j++) {
            if (isOneOf(b, lineStart[j], lineColon[j] - lineStart[j], name)) {
              dropLine[j] = true;
            }
          }
        }
      }
    }
  }

  private static boolean listsOthers(ByteBuf b, int from, int to) {
    String value = b.toString(from, to - from, StandardCharsets.ISO_8859_1);
    for (String token : value.split(",")) {
      String t = token.trim();
      if (!t.isEmpty() && !t.equalsIgnoreCase("close") && !t.equalsIgnoreCase("keep-alive")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isOneOf(ByteBuf b, int from, int length, byte[]... lowerNames) {
    for (byte[] name : lowerNames) {
      if (name.length == length && equalsLower(b, from, name)) {
        return true;
      }
    }
    return false;
  }

  // ASCII letters, digits and '-' compare equal ignoring case with one OR: '-' | 0x20 is '-'.
  private static boolean equalsLower(ByteBuf b, int from, byte[] lowerName) {
    for (int k = 0; k < lowerName.length; k++) {
      if ((b.getByte(from + k) | 0x20) != lowerName[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean containsIgnoreCase(ByteBuf b, int from, int to, String lowerWord) {
    int n = lowerWord.length();
    for (int i = from; i + n <= to; i++) {
      int k = 0;
      while (k < n && (b.getByte(i + k) | 0x20) == lowerWord.charAt(k)) {
        k++;
      }
      if (k == n) {
        return true;
      }
    }
    return false;
  }

  private static byte[][] names(String... lower) {
    byte[][] out = new byte[lower.length][];
    for (int i = 0; i < lower.length; i++) {
      out[i] = lower[i].getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }
}
