#!/usr/bin/env bash
# mio's load driver vs wrk against the same target: nginx `return 200`, 1 worker, pinned to CPU 1; each driver
# pinned to CPU 0; 50 connections; interleaved rounds (wrk, mio, wrk, mio, ...).
#
# Exact command:  bench/driver-vs-wrk.sh            (env: ROUNDS=3 SECONDS_PER_RUN=10 CONNECTIONS=50 DELAY_MS=5)
#
# Part 1, saturation (closed model): `wrk -t1 -c50 -d10s --latency` vs DriverBench closed, 50 connections, 10 s
#   window after a 3 s JIT warm-up (wrk needs none). Prints req/s, p50, p99 of both and mio ÷ wrk per round.
# Part 2, fixed rate below saturation: wrk has no rate flag and wrk2 is not in Debian (`apt-cache search wrk2` is
#   empty), so wrk is paced with its Lua `delay()` hook (bench/wrk-paced.lua: each connection waits DELAY_MS before
#   each request), which gives a fixed-ish rate below saturation; mio's open model then runs at the rate wrk
#   actually achieved in that round, and their p50/p99 are compared (wrk's from the actual send; mio's from the
#   intended send, i.e. corrected for coordinated omission, and its uncorrected figure is printed too).
source "$(dirname "$0")/lib.sh"
ROUNDS="${ROUNDS:-3}"; SECS="${SECONDS_PER_RUN:-10}"; C="${CONNECTIONS:-50}"; DELAY_MS="${DELAY_MS:-5}"
ensure_peers
build_bench
PORT="$(free_port)"
start_nginx_target "$PORT" 1 target
URL="http://127.0.0.1:$PORT/"
wait_quiet
mio_run() { # model rate -> "rps p50 p99"
  taskset -c 0 java "${JAVA_OPTS[@]}" -cp "$BENCH_CP" dev.mio.bench.DriverBench 127.0.0.1 "$PORT" "$C" "$SECS" 3 "$1" "$2" \
    | tee -a "$BENCH_TMP/mio.log" | awk '/^RESULT/ { print $2, $3, $4 } /^detail/ { print > "/dev/stderr" }'
}
echo "# driver vs wrk — target nginx return 200 (1 worker, CPU 1), drivers on CPU 0, $C connections, ${SECS}s, load $LOAD"
echo "## saturation (closed model)"
printf '%-6s %10s %8s %8s | %10s %8s %8s | %8s %8s %8s\n' round wrk_rps p50 p99 mio_rps p50 p99 'rps÷' 'p50÷' 'p99÷'
W_R=(); M_R=(); RAT=(); P50R=(); P99R=()
for r in $(seq 1 "$ROUNDS"); do
  read -r wr w50 w99 < <(run_wrk 0 "$C" "$SECS" "$URL")
  read -r mr m50 m99 < <(mio_run closed 0)
  W_R+=("$wr"); M_R+=("$mr"); RAT+=("$(ratio "$mr" "$wr")"); P50R+=("$(ratio "$m50" "$w50")"); P99R+=("$(ratio "$m99" "$w99")")
  printf '%-6s %10s %8s %8s | %10s %8s %8s | %8s %8s %8s\n' "$r" "$wr" "$w50" "$w99" "$mr" "$m50" "$m99" "${RAT[-1]}" "${P50R[-1]}" "${P99R[-1]}"
done
echo "median: wrk $(median "${W_R[@]}") req/s, mio $(median "${M_R[@]}") req/s; mio÷wrk req/s $(median "${RAT[@]}"), p50 $(median "${P50R[@]}"), p99 $(median "${P99R[@]}")"

echo "## fixed rate below saturation (wrk paced by Lua delay ${DELAY_MS} ms/request/connection; mio open model at wrk's achieved rate)"
printf '%-6s %10s %8s %8s | %10s %8s %8s | %8s %8s\n' round wrk_rps p50 p99 mio_rps p50 p99 'p50÷' 'p99÷'
P50R=(); P99R=()
for r in $(seq 1 "$ROUNDS"); do
  read -r wr w50 w99 < <(WRK_DELAY_MS="$DELAY_MS" run_wrk 0 "$C" "$SECS" "$URL" -s "$BENCH_DIR/wrk-paced.lua")
  read -r mr m50 m99 < <(mio_run open "$wr")
  P50R+=("$(ratio "$m50" "$w50")"); P99R+=("$(ratio "$m99" "$w99")")
  printf '%-6s %10s %8s %8s | %10s %8s %8s | %8s %8s\n' "$r" "$wr" "$w50" "$w99" "$mr" "$m50" "$m99" "${P50R[-1]}" "${P99R[-1]}"
done
echo "median mio÷wrk at the same rate: p50 $(median "${P50R[@]}"), p99 $(median "${P99R[@]}")"
echo "load at end: $(cut -d' ' -f1 /proc/loadavg)"
