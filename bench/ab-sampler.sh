#!/usr/bin/env bash
# A/B of two builds of the resource sampler (before/after a change), same load, interleaved A B A B ...: each run
# is a fresh dev.mio.bench.SamplerOverhead JVM sampling N idle `sleep 600` processes every 100 ms, measuring the
# sampler thread's CPU (JVM thread clock) and the whole JVM's CPU (/proc/self/stat) over the same window; a control
# run (no sampler, build A) per round gives the whole-JVM on−off figure.
#
# With PAIRED=1, A and B run at the same time (each on its own N processes), so both see the same neighbours; on a
# shared, noisy machine this pairs far better than one after the other (the control then runs alone, before).
#
# Exact command:  bench/ab-sampler.sh A_CLASSES B_CLASSES   (env: ROUNDS=3 SECONDS_PER_RUN=10 WARMUP_S=5 SIZES="16 64"
#                                                           PAIRED=0)
#   e.g. bench/build-rev.sh 9b4af83 /tmp/sampler-a && bench/build-rev.sh HEAD /tmp/sampler-b
#        bench/ab-sampler.sh /tmp/sampler-a /tmp/sampler-b
source "$(dirname "$0")/lib.sh"
A="$1"; B="$2"
ROUNDS="${ROUNDS:-3}"; SECS="${SECONDS_PER_RUN:-10}"; WARM="${WARMUP_S:-5}"; SIZES="${SIZES:-16 64}"
build_bench
DEPS="$(cat "$ROOT_DIR/target/cp.txt")"
TCK="$(getconf CLK_TCK)"
wait_quiet
run() { java "${JAVA_OPTS[@]}" -cp "$BENCH_DIR/target/classes:$1:$DEPS" dev.mio.bench.SamplerOverhead "$2" "$SECS" "$WARM" "$3" "$TCK" \
  | awk '/^RESULT/ { print $2, $3, $4 }'; }
echo "# sampler A/B — A=$A B=$B, paired=${PAIRED:-0}, idle sleep processes, 100 ms interval, ${SECS}s windows after ${WARM}s, load $LOAD"
printf '%-4s %-5s %8s | %8s %8s | %8s %8s | %8s %8s\n' n round jvm_off A_jvm A_thr B_jvm B_thr 'B÷A thr' 'B÷A on−off'
for n in $SIZES; do
  RT=(); RJ=(); AT=(); BT=(); AJ=(); BJ=(); OF=()
  for r in $(seq 1 "$ROUNDS"); do
    read -r off _ _ < <(run "$A" "$n" off)
    if [ "${PAIRED:-0}" = 1 ]; then
      run "$A" "$n" on >"$BENCH_TMP/a.out" & apid=$!
      run "$B" "$n" on >"$BENCH_TMP/b.out"
      wait "$apid"
      read -r aj at _ <"$BENCH_TMP/a.out"
      read -r bj bt _ <"$BENCH_TMP/b.out"
    else
      read -r aj at _ < <(run "$A" "$n" on)
      read -r bj bt _ < <(run "$B" "$n" on)
    fi
    OF+=("$off"); AT+=("$at"); BT+=("$bt"); AJ+=("$aj"); BJ+=("$bj")
    RT+=("$(ratio "$bt" "$at")")
    RJ+=("$(ratio "$(awk -v a="$bj" -v b="$off" 'BEGIN{print a-b}')" "$(awk -v a="$aj" -v b="$off" 'BEGIN{print a-b}')")")
    printf '%-4s %-5s %8s | %8s %8s | %8s %8s | %8s %8s\n' "$n" "$r" "$off" "$aj" "$at" "$bj" "$bt" "${RT[-1]}" "${RJ[-1]}"
  done
  echo "n=$n median: sampler thread A $(median "${AT[@]}") % B $(median "${BT[@]}") % of one core (B÷A $(median "${RT[@]}")); JVM off $(median "${OF[@]}") %, on A $(median "${AJ[@]}") % B $(median "${BJ[@]}") % (on−off B÷A $(median "${RJ[@]}")); goal thread < 0.5 % → B÷goal $(ratio "$(median "${BT[@]}")" 0.5)"
done
echo "load at end: $(cut -d' ' -f1 /proc/loadavg)"
