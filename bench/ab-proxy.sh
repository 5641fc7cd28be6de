#!/usr/bin/env bash
# A/B of two builds of the front door (before/after a change), same wrk load, interleaved A B A B ...: both
# FrontDoorBench JVMs pinned to CPU 1 (only the one under load is busy), upstream nginx and wrk on CPU 0.
# Besides req/s it prints each front door's CPU time per request (utime+stime of the JVM from /proc/PID/stat over
# the run ÷ requests wrk completed): on a shared machine req/s moves with the neighbours' load, CPU per request much
# less, so its ratio is the steadier figure of the two.
#
# Exact command:  bench/ab-proxy.sh A_CLASSES B_CLASSES    (env: ROUNDS=4 SECONDS_PER_RUN=10 CONNECTIONS=50)
#   e.g. A = classes of the commit before the change (`git archive <rev> src/main | tar -x -C /tmp/a` then javac,
#   see bench/build-rev.sh), B = target/classes of the working tree.
source "$(dirname "$0")/lib.sh"
A="$1"; B="$2"
ROUNDS="${ROUNDS:-4}"; SECS="${SECONDS_PER_RUN:-10}"; C="${CONNECTIONS:-50}"
ensure_peers
build_bench
DEPS="$(cat "$ROOT_DIR/target/cp.txt")"
UP="$(free_port)"; PA="$(free_port)"; PB="$(free_port)"
start_nginx_target "$UP" 0 upstream
taskset -c 1 java "${JAVA_OPTS[@]}" -cp "$BENCH_DIR/target/classes:$A:$DEPS" dev.mio.bench.FrontDoorBench "$UP" "$PA" 3600 >>"$BENCH_TMP/a.log" 2>&1 &
PID_A=$!; track $PID_A
taskset -c 1 java "${JAVA_OPTS[@]}" -cp "$BENCH_DIR/target/classes:$B:$DEPS" dev.mio.bench.FrontDoorBench "$UP" "$PB" 3600 >>"$BENCH_TMP/b.log" 2>&1 &
PID_B=$!; track $PID_B
# CPU ticks (utime+stime) of a process so far.
ticks() { cut -d')' -f2- "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
# Runs wrk on URL while counting PID's CPU; prints "rps p50 p99 cpu_us_per_request".
measure() {
  local pid="$1" url="$2" t0 t1 out
  t0="$(ticks "$pid")"
  out="$(run_wrk 0 "$C" "$SECS" "$url")"
  t1="$(ticks "$pid")"
  echo "$out" | awk -v d="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v s="$SECS" \
    '{ printf "%s %s %s %.2f\n", $1, $2, $3, (d / hz) * 1e6 / ($1 * s) }'
}
await_http "127.0.0.1:$PA" A; await_http "127.0.0.1:$PB" B
for p in "$PA" "$PB"; do run_wrk 0 "$C" 5 "http://127.0.0.1:$p/" >/dev/null; done
wait_quiet
echo "# front door A/B — A=$A B=$B, wrk -t1 -c$C ${SECS}s, load $LOAD"
printf '%-5s %9s %7s %7s %8s | %9s %7s %7s %8s | %7s %7s\n' round A_rps p50 p99 A_cpu_us B_rps p50 p99 B_cpu_us \
  'B÷A' 'cpuB÷A'
R=(); RC=()
for r in $(seq 1 "$ROUNDS"); do
  read -r ar a50 a99 ac < <(measure "$PID_A" "http://127.0.0.1:$PA/")
  read -r br b50 b99 bc < <(measure "$PID_B" "http://127.0.0.1:$PB/")
  R+=("$(ratio "$br" "$ar")"); RC+=("$(ratio "$bc" "$ac")")
  printf '%-5s %9s %7s %7s %8s | %9s %7s %7s %8s | %7s %7s\n' "$r" "$ar" "$a50" "$a99" "$ac" "$br" "$b50" "$b99" "$bc" \
    "${R[-1]}" "${RC[-1]}"
done
echo "median B÷A req/s: $(median "${R[@]}"), CPU per request B÷A: $(median "${RC[@]}")"
echo "load at end: $(cut -d' ' -f1 /proc/loadavg)"
