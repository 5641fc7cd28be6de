#!/usr/bin/env bash
# Sampler cost: the orchestrator's CPU while sampling 16 and 64 idle processes (`sleep 600`) every 100 ms.
# Interleaved pairs per size: control (same JVM, same processes, no sampler) then sampler on; both measured from
# /proc/self/stat (whole JVM, utime+stime) over the same window after a warm-up, and the sampler thread's own CPU
# from the JVM's thread CPU clock. Goal (issue 5): < 0.5 % of one core at 64 instances.
#
# Exact command:  bench/sampler-overhead.sh         (env: ROUNDS=3 SECONDS_PER_RUN=10 WARMUP_S=5 SIZES="16 64")
# (The sample branch's bench/sampler-cost.sh measures the same thing with its SamplerCostBench from src/test.)
source "$(dirname "$0")/lib.sh"
ROUNDS="${ROUNDS:-3}"; SECS="${SECONDS_PER_RUN:-10}"; WARM="${WARMUP_S:-5}"; SIZES="${SIZES:-16 64}"
build_bench
TCK="$(getconf CLK_TCK)"
wait_quiet
run() { java "${JAVA_OPTS[@]}" -cp "$BENCH_CP" dev.mio.bench.SamplerOverhead "$1" "$SECS" "$WARM" "$2" "$TCK" \
  | awk '/^RESULT/ { print $2, $3, $4 } /^detail/ { print > "/dev/stderr" }'; }
echo "# sampler cost — idle sleep processes, 100 ms interval, ${SECS}s windows after ${WARM}s, load $LOAD"
printf '%-5s %-5s %12s | %12s %14s %6s | %12s\n' n round jvm_off_% jvm_on_% sampler_thr_% ticks 'on−off_%'
for n in $SIZES; do
  OFF=(); ON=(); THR=(); D=()
  for r in $(seq 1 "$ROUNDS"); do
    read -r off _ _ < <(run "$n" off)
    read -r on thr ticks < <(run "$n" on)
    OFF+=("$off"); ON+=("$on"); THR+=("$thr"); D+=("$(awk -v a="$on" -v b="$off" 'BEGIN{printf "%.3f", a-b}')")
    printf '%-5s %-5s %12s | %12s %14s %6s | %12s\n' "$n" "$r" "$off" "$on" "$thr" "$ticks" "${D[-1]}"
  done
  echo "n=$n median: JVM off $(median "${OFF[@]}") %, on $(median "${ON[@]}") %, sampler thread $(median "${THR[@]}") % of one core, on−off $(median "${D[@]}") %; goal < 0.5 % → thread÷goal $(ratio "$(median "${THR[@]}")" 0.5)"
done
echo "load at end: $(cut -d' ' -f1 /proc/loadavg)"
