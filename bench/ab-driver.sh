#!/usr/bin/env bash
# A/B of two builds of the load driver (before/after a change) against nginx `return 200` (1 worker, CPU 1), each
# DriverBench pinned to CPU 0, interleaved A B A B ...: closed model at saturation, then open model at RATE.
#
# Exact command:  bench/ab-driver.sh A_CLASSES B_CLASSES  (env: ROUNDS=3 SECONDS_PER_RUN=10 CONNECTIONS=50 RATE=9000)
#   A/B classes as for bench/ab-proxy.sh (bench/build-rev.sh REV DIR, and target/classes).
source "$(dirname "$0")/lib.sh"
A="$1"; B="$2"
ROUNDS="${ROUNDS:-3}"; SECS="${SECONDS_PER_RUN:-10}"; C="${CONNECTIONS:-50}"; RATE="${RATE:-9000}"
ensure_peers
build_bench
DEPS="$(cat "$ROOT_DIR/target/cp.txt")"
PORT="$(free_port)"
start_nginx_target "$PORT" 1 target
run() { taskset -c 0 java "${JAVA_OPTS[@]}" -cp "$BENCH_DIR/target/classes:$1:$DEPS" dev.mio.bench.DriverBench 127.0.0.1 "$PORT" "$C" "$SECS" 3 "$2" "$3" \
  | awk '/^RESULT/ { r = $2 " " $3 " " $4 } /^detail/ { for (i = 1; i <= NF; i++) if ($i ~ /^p(50|99)=/) { sub(/.*=/, "", $i); sub(/ms/, "", $i); a = a " " $i } } END { print r a }'; }
wait_quiet
echo "# driver A/B — A=$A B=$B, $C connections, ${SECS}s, load $LOAD (columns: rps p50 p99 [actual-send p50 p99])"
for model in closed open; do
  R=(); P50=(); P99=()
  for r in $(seq 1 "$ROUNDS"); do
    a="$(run "$A" "$model" "$RATE")"; b="$(run "$B" "$model" "$RATE")"
    read -r ar a50 a99 _ <<<"$a"; read -r br b50 b99 _ <<<"$b"
    R+=("$(ratio "$br" "$ar")"); P50+=("$(ratio "$b50" "$a50")"); P99+=("$(ratio "$b99" "$a99")")
    echo "$model round $r: A $a | B $b | B÷A rps ${R[-1]} p50 ${P50[-1]} p99 ${P99[-1]}"
  done
  echo "$model median B÷A: rps $(median "${R[@]}"), p50 $(median "${P50[@]}"), p99 $(median "${P99[@]}")"
done
echo "load at end: $(cut -d' ' -f1 /proc/loadavg)"
