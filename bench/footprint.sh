#!/usr/bin/env bash
# Footprint: RSS and CPU of mio itself (the whole JVM, from /proc/PID) — `mio serve` idle, then during open-model
# runs at ~1 000 and ~10 000 req/s started over its REST API (1 foreground nginx instance, no baseline) — next to
# wrk driving an identical nginx at the same rate (paced with bench/wrk-paced.lua: 50 connections each waiting
# 50 000/R ms per request). Interleaved rounds (mio R, wrk R, ...). mio's figure includes supervising and sampling
# the instance, recording every request and serving the API — more work than wrk does — so mio ÷ wrk is an upper
# bound on the driver's own cost. Each figure is over SECONDS_PER_RUN seconds after a 2 s settling time.
#
# Exact command:  bench/footprint.sh                 (env: ROUNDS=3 SECONDS_PER_RUN=10 RATES="1000 10000")
source "$(dirname "$0")/lib.sh"
ROUNDS="${ROUNDS:-3}"; SECS="${SECONDS_PER_RUN:-10}"; RATES="${RATES:-1000 10000}"
ensure_peers
build_bench
PORT="$(free_port)"; API="$(free_port)"
start_nginx_target "$PORT" 1 wrk-target
"$ROOT_DIR/mio" serve --port "$API" --state-dir "$BENCH_TMP/state" \
  --cmd "$BENCH_DIR/nginx-instance.sh {port} $BENCH_TMP/mio-inst/{instance}" >"$BENCH_TMP/serve.log" 2>&1 &
SERVE=$!; track "$SERVE"
await_http "127.0.0.1:$API" "mio serve"
wait_quiet
echo "# footprint — mio serve (pid $SERVE) vs wrk paced at the same rate, ${SECS}s windows, load $LOAD"
sleep 2
rm -f "$BENCH_TMP/idle.watch"; watch_proc "$SERVE" "$BENCH_TMP/idle.watch" "$SECS"
read -r ic ira irm < <(proc_figures "$BENCH_TMP/idle.watch" 0)
echo "mio serve idle: CPU $ic % of one core, RSS avg $ira MB, max $irm MB"
printf '%-6s %-5s | %9s %8s %8s %8s | %9s %8s %8s %8s | %8s %8s\n' rate round mio_rps cpu_% rss_avg rss_max wrk_rps cpu_% rss_avg rss_max 'cpu÷' 'rss÷'
for rate in $RATES; do
  CR=(); RR=()
  for r in $(seq 1 "$ROUNDS"); do
    curl -s -X POST "http://127.0.0.1:$API/system/multi-instance/start" -H 'Content-Type: application/json' \
      -d "{\"instances\":1,\"shards\":1,\"baseline\":\"none\",\"warmupMs\":1000,\"workload\":{\"model\":\"open\",\"rate\":$rate,\"connections\":50,\"path\":\"/?key={key}\"}}" \
      >"$BENCH_TMP/start.json"
    sleep 2
    rm -f "$BENCH_TMP/m.watch"; watch_proc "$SERVE" "$BENCH_TMP/m.watch" "$SECS"
    read -r mc mra mrm < <(proc_figures "$BENCH_TMP/m.watch" 0)
    curl -s -X POST "http://127.0.0.1:$API/system/multi-instance/stop" >"$BENCH_TMP/stop.json"
    mrps="$(grep -o '"throughput":"[0-9.]*' "$BENCH_TMP/stop.json" | cut -d'"' -f4)"
    delay=$((50000 / rate))
    WRK_DELAY_MS="$delay" wrk -t1 -c50 -d"$((SECS + 3))s" -s "$BENCH_DIR/wrk-paced.lua" "http://127.0.0.1:$PORT/" \
      >"$BENCH_TMP/w.out" 2>&1 &
    wpid=$!; track "$wpid"
    rm -f "$BENCH_TMP/w.watch"; sleep 2; watch_proc "$wpid" "$BENCH_TMP/w.watch" "$SECS"
    wait "$wpid" || true
    read -r wc wra wrm < <(proc_figures "$BENCH_TMP/w.watch" 0)
    wrps="$(awk '/Requests\/sec:/ { printf "%.1f", $2 }' "$BENCH_TMP/w.out")"
    CR+=("$(ratio "$mc" "$wc")"); RR+=("$(ratio "$mra" "$wra")")
    printf '%-6s %-5s | %9s %8s %8s %8s | %9s %8s %8s %8s | %8s %8s\n' "$rate" "$r" "$mrps" "$mc" "$mra" "$mrm" "$wrps" "$wc" "$wra" "$wrm" "${CR[-1]}" "${RR[-1]}"
  done
  echo "rate=$rate median mio÷wrk: CPU $(median "${CR[@]}"), RSS $(median "${RR[@]}")"
done
sleep 2
rm -f "$BENCH_TMP/idle2.watch"; watch_proc "$SERVE" "$BENCH_TMP/idle2.watch" "$SECS"
read -r ic ira irm < <(proc_figures "$BENCH_TMP/idle2.watch" 0)
echo "mio serve idle after the runs: CPU $ic % of one core, RSS avg $ira MB, max $irm MB"
echo "load at end: $(cut -d' ' -f1 /proc/loadavg)"
