#!/usr/bin/env bash
# A/B of two builds of the load driver (before/after a change) against nginx `return 200` (1 worker, CPU 1), each
# DriverBench pinned to CPU 0, interleaved A B A B ...: closed model at saturation, then open model at each RATE.
#
# Exact command:  bench/ab-driver.sh A_CLASSES B_CLASSES
#   env: ROUNDS=3 SECONDS_PER_RUN=10 CONNECTIONS=50 RATES="9000" MODELS="closed open" A_OPTS= B_OPTS=
#   A/B classes as for bench/ab-proxy.sh (bench/build-rev.sh REV DIR, and target/classes). A_OPTS/B_OPTS are extra
#   JVM flags of each side (e.g. the same classes with B_OPTS=-Dmio.driver.nettyCodec=true).
#   Columns: rps p50 p99 (open: from the intended send) [actual-send p50 p99] laneCpu% (lane threads, of one core).
source "$(dirname "$0")/lib.sh"
A="$1"; B="$2"
ROUNDS="${ROUNDS:-3}"; SECS="${SECONDS_PER_RUN:-10}"; C="${CONNECTIONS:-50}"; RATES="${RATES:-${RATE:-9000}}"
MODELS="${MODELS:-closed open}"
read -r -a A_EXTRA <<<"${A_OPTS:-}"; read -r -a B_EXTRA <<<"${B_OPTS:-}"
ensure_peers
build_bench
DEPS="$(cat "$ROOT_DIR/target/cp.txt")"
PORT="$(free_port)"
start_nginx_target "$PORT" 1 target
run() { # classes model rate extra-opts... -> "rps p50 p99 actualP50 actualP99 laneCpu"
  local classes="$1" model="$2" rate="$3"; shift 3
  taskset -c 0 java "${JAVA_OPTS[@]}" "$@" -cp "$BENCH_DIR/target/classes:$classes:$DEPS" dev.mio.bench.DriverBench 127.0.0.1 "$PORT" "$C" "$SECS" 3 "$model" "$rate" \
  | tee -a "$LOG" | awk '/^RESULT/ { r = $2 " " $3 " " $4 } /^detail/ { for (i = 1; i <= NF; i++) { if ($i ~ /^p(50|99)=/) { v = $i; sub(/.*=/, "", v); sub(/ms/, "", v); a = a " " v } if ($i ~ /^laneCpu=/) { c = $i; sub(/.*=/, "", c); sub(/%/, "", c) } } } END { print r a " " c }'; }
LOG="${AB_LOG:-$BENCH_DIR/out/ab-driver-$(date +%Y%m%d-%H%M%S).log}"; mkdir -p "$(dirname "$LOG")"
wait_quiet
echo "# every run's full output (accounting, unsent at stop): $LOG"
echo "# driver A/B — A=$A ${A_OPTS:-} B=$B ${B_OPTS:-}, $C connections, ${SECS}s, load $LOAD (columns: rps p50 p99 actual-send-p50 actual-send-p99 laneCpu%)"
for model in $MODELS; do
  rates="$RATES"; [ "$model" = closed ] && rates=0
  for rate in $rates; do
    R=(); P50=(); P99=(); CPU=()
    for r in $(seq 1 "$ROUNDS"); do
      a="$(run "$A" "$model" "$rate" "${A_EXTRA[@]}")"; b="$(run "$B" "$model" "$rate" "${B_EXTRA[@]}")"
      read -r ar a50 a99 _ _ ac <<<"$a"; read -r br b50 b99 _ _ bc <<<"$b"
      R+=("$(ratio "$br" "$ar")"); P50+=("$(ratio "$b50" "$a50")"); P99+=("$(ratio "$b99" "$a99")"); CPU+=("$(ratio "$bc" "$ac")")
      echo "$model $rate round $r: A $a | B $b | B÷A rps ${R[-1]} p50 ${P50[-1]} p99 ${P99[-1]} laneCpu ${CPU[-1]}"
    done
    echo "$model $rate median B÷A: rps $(median "${R[@]}"), p50 $(median "${P50[@]}"), p99 $(median "${P99[@]}"), laneCpu $(median "${CPU[@]}")"
  done
done
echo "load at end: $(cut -d' ' -f1 /proc/loadavg)"
