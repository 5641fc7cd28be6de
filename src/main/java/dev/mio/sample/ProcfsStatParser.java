package dev.mio.sample;

/**
 * Parses the text of Linux {@code /proc/<pid>/stat} from bytes without allocating (see proc(5)).
 */
final class ProcfsStatParser {

  private static final int FIELD_STATE = 3;
  private static final int FIELD_PPID = 4;
  private static final int FIELD_UTIME = 14;
  private static final int FIELD_STIME = 15;
  private static final int FIELD_CUTIME = 16;
  private static final int FIELD_CSTIME = 17;
  private static final int FIELD_NUM_THREADS = 20;
  private static final int FIELD_STARTTIME = 22;
  private static final int FIELD_RSS = 24; // parsed to validate the line; RSS itself comes from statm

  private ProcfsStatParser() {}

  /**
   * Parses {@code len} bytes of one stat line into {@code into}, with the RSS read elsewhere.
   *
   * @return false when the line is not a complete stat line
   */
  static boolean parse(byte[] buf, int len, long pid, KernelConstants kernel, long rssBytes, ProcStat into) {
    // comm (field 2) may contain spaces and ')' itself: the fields resume after the LAST ')'.
    int close = -1;
    for (int i = len - 1; i >= 0; i--) {
      if (buf[i] == ')') {
        close = i;
        break;
      }
    }
    if (close < 0) {
      return false;
    }
    long ppid = -1;
    long utime = -1;
    long stime = -1;
    long cutime = -1;
    long cstime = -1;
    long start = -1;
    long threads = 0;
    boolean deadLeader = false;
    long rssPages = -1;
    int field = 2;
    int i = close + 1;
    while (i < len && field < FIELD_RSS) {
      while (i < len && buf[i] == ' ') {
        i++;
      }
      if (i >= len || buf[i] == '\n') {
        break;
      }
      field++;
      boolean negative = false;
      if (buf[i] == '-') {
        negative = true;
        i++;
      }
      long value = 0;
      while (i < len && buf[i] >= '0' && buf[i] <= '9') {
        value = value * 10 + (buf[i] - '0');
        i++;
      }
      if (field == FIELD_STATE && i < len && (buf[i] == 'Z' || buf[i] == 'X')) {
        deadLeader = true;
      }
      while (i < len && buf[i] != ' ' && buf[i] != '\n') {
        i++; // non-numeric field (state)
      }
      if (negative) {
        value = -value;
      }
      switch (field) {
        case FIELD_PPID:
          ppid = value;
          break;
        case FIELD_UTIME:
          utime = value;
          break;
        case FIELD_STIME:
          stime = value;
          break;
        case FIELD_CUTIME:
          cutime = value;
          break;
        case FIELD_CSTIME:
          cstime = value;
          break;
        case FIELD_NUM_THREADS:
          threads = value;
          break;
        case FIELD_STARTTIME:
          start = value;
          break;
        case FIELD_RSS:
          rssPages = value;
          break;
        default:
          break;
      }
    }
    if (field < FIELD_RSS || utime < 0 || stime < 0 || cutime < 0 || cstime < 0 || rssPages < 0) {
      return false;
    }
    into.set(pid, ppid, start, kernel.ticksToNanos(utime + stime), kernel.ticksToNanos(cutime + cstime),
        rssBytes, deadLeader ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(0, threads)));
    return true;
  }

  /**
   * Parses the second field of {@code /proc/<pid>/statm} (resident pages).
   *
   * @return the resident pages, or -1 when the text is not a statm line
   */
  static long residentPages(byte[] buf, int len) {
    int i = 0;
    while (i < len && buf[i] >= '0' && buf[i] <= '9') {
      i++;
    }
    if (i == 0 || i >= len || buf[i] != ' ') {
      return -1;
    }
    i++;
    int start = i;
    long value = 0;
    while (i < len && buf[i] >= '0' && buf[i] <= '9') {
      value = value * 10 + (buf[i] - '0');
      i++;
    }
    return i == start ? -1 : value;
  }

  /**
   * Parses the last field of {@code /proc/loadavg} ({@code "0.91 1.52 1.61 1/91 32495"}): the last allocated pid.
   *
   * @return the pid, or -1 when the text does not end in a number
   */
  static long lastPid(byte[] buf, int len) {
    int end = len;
    while (end > 0 && (buf[end - 1] == '\n' || buf[end - 1] == ' ')) {
      end--;
    }
    int start = end;
    while (start > 0 && buf[start - 1] >= '0' && buf[start - 1] <= '9') {
      start--;
    }
    if (start == end || end - start > 18 || start == 0 || buf[start - 1] != ' ') {
      return -1;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      value = value * 10 + (buf[i] - '0');
    }
    return value;
  }

  /**
   * Parses a {@code /proc/<pid>/task/<tid>/children} list ({@code "4242 4243 "}) into {@code into}.
   *
   * @return how many pids, or -1 when the text is not such a list or holds more pids than {@code into}
   */
  static int pids(byte[] buf, int len, long[] into) {
    int count = 0;
    int i = 0;
    while (i < len) {
      if (buf[i] == ' ' || buf[i] == '\n') {
        i++;
        continue;
      }
      long value = 0;
      int start = i;
      while (i < len && buf[i] >= '0' && buf[i] <= '9' && i - start < 18) {
        value = value * 10 + (buf[i] - '0');
        i++;
      }
      if (i == start || (i < len && buf[i] != ' ' && buf[i] != '\n') || count == into.length) {
        return -1;
      }
      into[count++] = value;
    }
    return count;
  }
}
