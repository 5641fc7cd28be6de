#!/usr/bin/env bash
# Footprint: RSS and CPU of mio itself (the whole JVM, from /proc/PID) during an open-model `mio run` at ~1 000 and
# ~10 000 req/s against one foreground nginx instance, next to wrk driving an identical nginx at the same rate
# (paced with bench/wrk-paced.lua: 50 connections each waiting 50 000/R ms per request). Interleaved rounds.
# `mio serve` (the REST API) is not on main yet, so the "idle" row is `mio run` at 1 req/s (instances launched,
# sampler and driver running, nearly no traffic). mio's figure includes launching, supervising and sampling the
# instance and recording every request — more work than wrk does — so mio ÷ wrk is an upper bound on the driver's.
# Both are measured over the steady part: from 3 s after start (JVM start, launch, 1 s warm-up) to the end.
#
# Exact command:  bench/footprint.sh                 (env: ROUNDS=3 SECONDS_PER_RUN=10 RATES="1 1000 10000")
source "$(dirname "$0")/lib.sh"
ROUNDS="${ROUNDS:-3}"; SECS="${SECONDS_PER_RUN:-10}"; RATES="${RATES:-1 1000 10000}"
ensure_peers
build_bench
PORT="$(free_port)"
start_nginx_target "$PORT" 1 wrk-target
wait_quiet
echo "# footprint — mio run (open model, 1 nginx instance) vs wrk paced at the same rate, ${SECS}s, load $LOAD"
printf '%-6s %-5s | %9s %8s %8s %8s | %9s %8s %8s %8s | %8s %8s\n' rate round mio_rps cpu_% rss_avg rss_max wrk_rps cpu_% rss_avg rss_max 'cpu÷' 'rss÷'
for rate in $RATES; do
  CR=(); RR=()
  for r in $(seq 1 "$ROUNDS"); do
    # mio
    rm -f "$BENCH_TMP/m.watch"
    "$ROOT_DIR/mio" run --instances 1 --shards 1 --baseline none --model open --rate "$rate" --connections 50 \
      --duration "${SECS}s" --warmup 1s --path '/?key={key}' --quiet --state-dir "$BENCH_TMP/state" \
      --json "$BENCH_TMP/m.json" --cmd "$BENCH_DIR/nginx-instance.sh {port} $BENCH_TMP/mio-inst/r$r-{instance}" \
      >"$BENCH_TMP/m.out" 2>&1 &
    mpid=$!; track "$mpid"
    watch_proc "$mpid" "$BENCH_TMP/m.watch" & wp=$!
    wait "$mpid" || true; wait "$wp" 2>/dev/null || true
    read -r mc mra mrm < <(proc_figures "$BENCH_TMP/m.watch" 3)
    mrps="$(awk '/^req\/s/ { print $3 }' "$BENCH_TMP/m.out")"
    # wrk at the same rate
    if [ "$rate" -le 1 ]; then delay=50000; else delay=$((50000 / rate)); fi
    rm -f "$BENCH_TMP/w.watch"
    WRK_DELAY_MS="$delay" wrk -t1 -c50 -d"$((SECS + 3))s" -s "$BENCH_DIR/wrk-paced.lua" "http://127.0.0.1:$PORT/" \
      >"$BENCH_TMP/w.out" 2>&1 &
    wpid=$!; track "$wpid"
    watch_proc "$wpid" "$BENCH_TMP/w.watch" & wp=$!
    wait "$wpid" || true; wait "$wp" 2>/dev/null || true
    read -r wc wra wrm < <(proc_figures "$BENCH_TMP/w.watch" 3)
    wrps="$(awk '/Requests\/sec:/ { printf "%.1f", $2 }' "$BENCH_TMP/w.out")"
    CR+=("$(ratio "$mc" "$wc")"); RR+=("$(ratio "$mra" "$wra")")
    printf '%-6s %-5s | %9s %8s %8s %8s | %9s %8s %8s %8s | %8s %8s\n' "$rate" "$r" "$mrps" "$mc" "$mra" "$mrm" "$wrps" "$wc" "$wra" "$wrm" "${CR[-1]}" "${RR[-1]}"
  done
  echo "rate=$rate median mio÷wrk: CPU $(median "${CR[@]}"), RSS $(median "${RR[@]}")"
done
echo "load at end: $(cut -d' ' -f1 /proc/loadavg)"
