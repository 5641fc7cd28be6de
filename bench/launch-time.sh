#!/usr/bin/env bash
# Launch time of 1, 8 and 16 foreground nginx instances (bench/nginx-instance.sh {port} DIR/{instance}): start to
# all ready through mio's LocalProcessLauncher vs the same script started bare and polled every 1 ms (nginx's own
# start time). Interleaved per size and round, in one JVM after a warm-up launch of each. Reports mio ÷ bare and the
# orchestrator's overhead per instance = (mio − bare) ÷ N. Goal (issue 5): ≤ 10 ms per instance, launches overlapping.
# Note: mio probes readiness 1 ms after the spawn, doubling up to every 25 ms (LocalInstance); the bare poll every 1 ms.
#
# Exact command:  bench/launch-time.sh               (env: ROUNDS=5 SIZES=1,8,16)
source "$(dirname "$0")/lib.sh"
ROUNDS="${ROUNDS:-5}"; SIZES="${SIZES:-1,8,16}"
ensure_peers
build_bench
wait_quiet
echo "# launch time — nginx foreground instances, $ROUNDS rounds, load $LOAD"
java "${JAVA_OPTS[@]}" -Djava.io.tmpdir="$BENCH_TMP" -cp "$BENCH_CP" dev.mio.bench.LaunchBench "$BENCH_DIR/nginx-instance.sh" "$SIZES" "$ROUNDS" \
  >"$BENCH_TMP/launch.out"
printf '%-4s %-5s %9s %9s %8s %12s\n' n round bare_ms mio_ms 'mio÷bare' 'over/inst_ms'
awk '/^RESULT/ { printf "%-4s %-5s %9s %9s %8.3f %12.2f\n", $2, $3, $4, $5, $5/$4, ($5-$4)/$2 }' "$BENCH_TMP/launch.out"
for n in ${SIZES//,/ }; do
  B=($(awk -v n="$n" '/^RESULT/ && $2==n { print $4 }' "$BENCH_TMP/launch.out"))
  M=($(awk -v n="$n" '/^RESULT/ && $2==n { print $5 }' "$BENCH_TMP/launch.out"))
  R=($(awk -v n="$n" '/^RESULT/ && $2==n { printf "%.3f\n", $5/$4 }' "$BENCH_TMP/launch.out"))
  O=($(awk -v n="$n" '/^RESULT/ && $2==n { printf "%.2f\n", ($5-$4)/n }' "$BENCH_TMP/launch.out"))
  echo "n=$n median: bare $(median "${B[@]}") ms, mio $(median "${M[@]}") ms, mio÷bare $(median "${R[@]}"), overhead per instance $(median "${O[@]}") ms"
done
echo "load at end: $(cut -d' ' -f1 /proc/loadavg)"
