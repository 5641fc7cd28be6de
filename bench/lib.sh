# Shared helpers of the bench scripts; sourced, never run. Everything listens on 127.0.0.1 only.
# Each script that sources this gets: a temp dir ($BENCH_TMP), a trap that kills every process it started
# (recorded with `track PID`), peer installation, a bounded wait for a quiet machine, nginx/wrk helpers.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_TMP="$(mktemp -d /tmp/mio-bench.XXXXXX)"
BENCH_PIDS=()
# The JVM flags ./mio runs with, so bench mains cost what mio costs.
JAVA_OPTS=(-XX:+UseSerialGC -Xss512k --enable-native-access=ALL-UNNAMED)

track() { BENCH_PIDS+=("$1"); }

cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]:-}"; do
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done
  sleep 1
  for pid in "${BENCH_PIDS[@]:-}"; do
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$BENCH_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Installs wrk, nginx and haproxy from Debian packages unless they are already on the PATH.
ensure_peers() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} from Debian packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  fi
  export PATH="$PATH:/usr/sbin"
}

# Waits (bounded: QUIET_WAIT_S, default 600 s, polling every 30 s) for the 1-minute load average to fall below
# QUIET_LOAD (default 1.5); sets LOAD to the load it measured at so the figure can be noted next to the results.
# Runs in the calling shell (never in $(...)), so the exit trap stays in charge.
wait_quiet() {
  local limit="${QUIET_LOAD:-1.5}" waited=0 max="${QUIET_WAIT_S:-600}" load
  while :; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    if awk -v l="$load" -v m="$limit" 'BEGIN{exit !(l < m)}'; then break; fi
    if [ "$waited" -ge "$max" ]; then log "load $load still >= $limit after ${max}s; measuring anyway"; break; fi
    log "load $load >= $limit; waiting 30 s"
    sleep 30
    waited=$((waited + 30))
  done
  log "1-minute load average at start: $load"
  LOAD="$load"
}

# Builds target/mio.jar (unless present and newer than the sources), the dependency classpath and the bench mains.
build_bench() {
  local jar="$ROOT_DIR/target/mio.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$ROOT_DIR/src/main" "$ROOT_DIR/pom.xml" -newer "$jar" -print -quit)" ]; then
    log "building target/mio.jar"
    (cd "$ROOT_DIR" && mvn -B -q -DskipTests package) >&2
  fi
  if [ ! -f "$ROOT_DIR/target/cp.txt" ] || [ "$ROOT_DIR/pom.xml" -nt "$ROOT_DIR/target/cp.txt" ]; then
    (cd "$ROOT_DIR" && mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt) >&2
  fi
  mkdir -p "$BENCH_DIR/target/classes"
  if [ -n "$(find "$BENCH_DIR/src" -newer "$BENCH_DIR/target/classes" -name '*.java' -print -quit)" ] \
      || [ -z "$(ls -A "$BENCH_DIR/target/classes")" ]; then
    log "compiling bench mains"
    javac --release 17 -d "$BENCH_DIR/target/classes" -cp "$ROOT_DIR/target/classes:$(cat "$ROOT_DIR/target/cp.txt")" \
      $(find "$BENCH_DIR/src" -name '*.java')
    touch "$BENCH_DIR/target/classes"
  fi
  BENCH_CP="$BENCH_DIR/target/classes:$ROOT_DIR/target/classes:$(cat "$ROOT_DIR/target/cp.txt")"
}

# Starts nginx in the foreground answering `return 200` on 127.0.0.1:PORT with one worker, pinned to CPU.
# Usage: start_nginx_target PORT CPU NAME
start_nginx_target() {
  local port="$1" cpu="$2" name="$3" dir="$BENCH_TMP/$3"
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $dir/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port reuseport backlog=4096;
    location / { return 200; }
  }
}
EOF
  taskset -c "$cpu" nginx -p "$dir/" -e stderr -c "$dir/nginx.conf" 2>>"$dir/stderr.log" &
  track $!
  await_http "127.0.0.1:$port" "$name"
}

# Waits up to 10 s until http://ADDR/ answers (any status).
await_http() {
  local addr="$1" name="$2" i
  for i in $(seq 1 100); do
    if curl -s -o /dev/null "http://$addr/" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  log "$name did not answer on $addr within 10 s"; return 1
}

# Runs wrk and prints "rps p50_ms p99_ms" (latency from wrk --latency, converted to ms).
# Usage: run_wrk CPU CONNECTIONS SECONDS URL [extra wrk args...]
run_wrk() {
  local cpu="$1" c="$2" s="$3" url="$4"; shift 4
  local out
  out="$(taskset -c "$cpu" wrk -t1 -c"$c" -d"${s}s" --latency "$@" "$url")"
  echo "$out" >>"$BENCH_TMP/wrk.log"
  echo "$out" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec:/ { rps = $2 }
    $1 == "50.000%" || $1 == "50%" { p50 = ms($2) }
    $1 == "99.000%" || $1 == "99%" { p99 = ms($2) }
    END { printf "%.0f %.3f %.3f\n", rps, p50, p99 }'
}

# Median of the numbers given as arguments.
median() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END { if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2 }'
}

# a / b with 3 decimals (prints "n/a" when b is 0).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.3f\n", a / b }'; }

# A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Samples a process every 0.5 s until it exits (or for MAX_S seconds): "elapsed_s cpu_ticks rss_kb" lines
# (utime+stime of the process, all its threads, from /proc/PID/stat; VmRSS from /proc/PID/status).
# Usage: watch_proc PID OUTFILE [MAX_S] &
watch_proc() {
  local pid="$1" out="$2" max="${3:-999999}" t0 stat rss
  t0="$(date +%s.%N)"
  while [ -r "/proc/$pid/stat" ] && awk -v a="$(date +%s.%N)" -v b="$t0" -v m="$max" 'BEGIN{exit !(a-b <= m)}'; do
    stat="$(cut -d')' -f2- "/proc/$pid/stat" 2>/dev/null)" || break
    rss="$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)" || break
    [ -n "$rss" ] || break
    echo "$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN{printf "%.2f", a-b}') $(echo "$stat" | awk '{ print $12 + $13 }') $rss" >>"$out"
    sleep 0.5
  done
}

# From watch_proc output, over samples with elapsed ≥ SKIP_S: "cpu_pct_of_one_core rss_avg_mb rss_max_mb".
proc_figures() {
  awk -v skip="$2" -v tck="$(getconf CLK_TCK)" '$1 >= skip { if (!n) { t0=$1; c0=$2 } t1=$1; c1=$2; s+=$3; if ($3>m) m=$3; n++ }
    END { if (n < 2) { print "n/a n/a n/a"; exit } printf "%.2f %.1f %.1f\n", 100*(c1-c0)/tck/(t1-t0), s/n/1024, m/1024 }' "$1"
}
