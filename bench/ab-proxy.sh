#!/usr/bin/env bash
# A/B of two builds of the front door (before/after a change), same wrk load, interleaved A B A B ...: both
# FrontDoorBench JVMs pinned to CPU 1 (only the one under load is busy), upstream nginx and wrk on CPU 0.
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
track $!
taskset -c 1 java "${JAVA_OPTS[@]}" -cp "$BENCH_DIR/target/classes:$B:$DEPS" dev.mio.bench.FrontDoorBench "$UP" "$PB" 3600 >>"$BENCH_TMP/b.log" 2>&1 &
track $!
await_http "127.0.0.1:$PA" A; await_http "127.0.0.1:$PB" B
for p in "$PA" "$PB"; do run_wrk 0 "$C" 5 "http://127.0.0.1:$p/" >/dev/null; done
wait_quiet
echo "# front door A/B — A=$A B=$B, wrk -t1 -c$C ${SECS}s, load $LOAD"
printf '%-5s %9s %7s %7s | %9s %7s %7s | %7s\n' round A_rps p50 p99 B_rps p50 p99 'B÷A'
R=()
for r in $(seq 1 "$ROUNDS"); do
  read -r ar a50 a99 < <(run_wrk 0 "$C" "$SECS" "http://127.0.0.1:$PA/")
  read -r br b50 b99 < <(run_wrk 0 "$C" "$SECS" "http://127.0.0.1:$PB/")
  R+=("$(ratio "$br" "$ar")")
  printf '%-5s %9s %7s %7s | %9s %7s %7s | %7s\n' "$r" "$ar" "$a50" "$a99" "$br" "$b50" "$b99" "${R[-1]}"
done
echo "median B÷A req/s: $(median "${R[@]}")"
echo "load at end: $(cut -d' ' -f1 /proc/loadavg)"
