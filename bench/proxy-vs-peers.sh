#!/usr/bin/env bash
# mio's front door vs nginx and HAProxy as reverse proxies to the same upstream (nginx `return 200`, 1 worker),
# all driven by the same `wrk -t1 -c50 --latency` load. Each proxy pinned to CPU 1 with one worker / thread / event
# loop (nginx worker_processes 1, haproxy nbthread 1, front door on a JVM pinned to one core); wrk and the upstream
# share CPU 0. Interleaved rounds: direct, mio, nginx, haproxy, direct, mio, ... ; "added" latency = proxied − direct
# of the same round. Each proxy's CPU time per request is printed too (utime+stime of the proxy process and its
# children from /proc/PID/stat over the run ÷ requests wrk completed): on a shared machine req/s moves with the
# neighbours' load, CPU per request much less.
#
# Exact command:  bench/proxy-vs-peers.sh           (env: ROUNDS=3 SECONDS_PER_RUN=10 CONNECTIONS=50 WARMUP_S=10)
source "$(dirname "$0")/lib.sh"
ROUNDS="${ROUNDS:-3}"; SECS="${SECONDS_PER_RUN:-10}"; C="${CONNECTIONS:-50}"; WARM="${WARMUP_S:-10}"
ensure_peers
build_bench
UP="$(free_port)"; P_MIO="$(free_port)"; P_NGX="$(free_port)"; P_HAP="$(free_port)"
start_nginx_target "$UP" 0 upstream

mkdir -p "$BENCH_TMP/nginx-proxy"
cat >"$BENCH_TMP/nginx-proxy/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $BENCH_TMP/nginx-proxy/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  upstream up { server 127.0.0.1:$UP; keepalive 64; }
  server {
    listen 127.0.0.1:$P_NGX backlog=4096;
    location / { proxy_pass http://up; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
CONF
taskset -c 1 nginx -p "$BENCH_TMP/nginx-proxy/" -e stderr -c "$BENCH_TMP/nginx-proxy/nginx.conf" 2>>"$BENCH_TMP/nginx-proxy.log" &
PID_NGX=$!; track $PID_NGX

cat >"$BENCH_TMP/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  http-reuse always
frontend fe
  bind 127.0.0.1:$P_HAP
  default_backend be
backend be
  server s1 127.0.0.1:$UP
CONF
taskset -c 1 haproxy -db -f "$BENCH_TMP/haproxy.cfg" >>"$BENCH_TMP/haproxy.log" 2>&1 &
PID_HAP=$!; track $PID_HAP

taskset -c 1 java "${JAVA_OPTS[@]}" -cp "$BENCH_CP" dev.mio.bench.FrontDoorBench "$UP" "$P_MIO" 3600 \
  >>"$BENCH_TMP/frontdoor.log" 2>&1 &
PID_MIO=$!; track $PID_MIO
await_http "127.0.0.1:$P_NGX" nginx-proxy; await_http "127.0.0.1:$P_HAP" haproxy; await_http "127.0.0.1:$P_MIO" front-door

# CPU ticks (utime+stime) so far of a process and its direct children (nginx's worker is its master's child).
ticks() {
  local p t=0
  for p in "$1" $(pgrep -P "$1" || true); do
    t=$((t + $(cut -d')' -f2- "/proc/$p/stat" | awk '{ print $12 + $13 }')))
  done
  echo "$t"
}
# Runs wrk on URL while counting PID's CPU; prints "rps p50 p99 cpu_us_per_request".
measure() {
  local pid="$1" url="$2" t0 t1 out
  t0="$(ticks "$pid")"
  out="$(run_wrk 0 "$C" "$SECS" "$url")"
  t1="$(ticks "$pid")"
  echo "$out" | awk -v d="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v s="$SECS" \
    '{ printf "%s %s %s %.2f\n", $1, $2, $3, (d / hz) * 1e6 / ($1 * s) }'
}

log "warm-up: ${WARM} s of wrk through each proxy (the JVM's JIT; the same for all)"
for p in "$P_MIO" "$P_NGX" "$P_HAP"; do run_wrk 0 "$C" "$WARM" "http://127.0.0.1:$p/" >/dev/null; done
wait_quiet
echo "# front door vs nginx / HAProxy — upstream nginx return 200 (CPU 0), proxies on CPU 1, wrk -t1 -c$C ${SECS}s on CPU 0, load $LOAD"
printf '%-5s %9s %7s %7s | %9s %7s %7s | %9s %7s %7s | %9s %7s %7s\n' round direct p50 p99 mio p50 p99 nginx p50 p99 haproxy p50 p99
CN=(); CH=(); MC=(); NC=(); HC=(); RN=(); RH=(); A50N=(); A99N=(); A50H=(); A99H=(); MR=(); NR=(); HR=(); M50=(); M99=(); N50=(); N99=(); H50=(); H99=()
for r in $(seq 1 "$ROUNDS"); do
  read -r dr d50 d99 < <(run_wrk 0 "$C" "$SECS" "http://127.0.0.1:$UP/")
  read -r mr m50 m99 mc < <(measure "$PID_MIO" "http://127.0.0.1:$P_MIO/")
  read -r nr n50 n99 nc < <(measure "$PID_NGX" "http://127.0.0.1:$P_NGX/")
  read -r hr h50 h99 hc < <(measure "$PID_HAP" "http://127.0.0.1:$P_HAP/")
  MC+=("$mc"); NC+=("$nc"); HC+=("$hc"); CN+=("$(ratio "$mc" "$nc")"); CH+=("$(ratio "$mc" "$hc")")
  printf '%-5s %9s %7s %7s | %9s %7s %7s | %9s %7s %7s | %9s %7s %7s\n' "$r" "$dr" "$d50" "$d99" "$mr" "$m50" "$m99" "$nr" "$n50" "$n99" "$hr" "$h50" "$h99"
  RN+=("$(ratio "$mr" "$nr")"); RH+=("$(ratio "$mr" "$hr")")
  add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", a - b }'; }
  M50+=("$(add "$m50" "$d50")"); M99+=("$(add "$m99" "$d99")")
  N50+=("$(add "$n50" "$d50")"); N99+=("$(add "$n99" "$d99")")
  H50+=("$(add "$h50" "$d50")"); H99+=("$(add "$h99" "$d99")")
  A50N+=("$(ratio "${M50[-1]}" "${N50[-1]}")"); A99N+=("$(ratio "${M99[-1]}" "${N99[-1]}")")
  A50H+=("$(ratio "${M50[-1]}" "${H50[-1]}")"); A99H+=("$(ratio "${M99[-1]}" "${H99[-1]}")")
  echo "      round $r: req/s mio÷nginx ${RN[-1]}  mio÷haproxy ${RH[-1]}; added p50 ms mio ${M50[-1]} nginx ${N50[-1]} haproxy ${H50[-1]}; added p99 ms mio ${M99[-1]} nginx ${N99[-1]} haproxy ${H99[-1]}; CPU µs/request mio $mc nginx $nc haproxy $hc"
done
echo "median req/s ratio: mio÷nginx $(median "${RN[@]}"), mio÷haproxy $(median "${RH[@]}")"
echo "median added p50 ms: mio $(median "${M50[@]}"), nginx $(median "${N50[@]}"), haproxy $(median "${H50[@]}"); ratio mio÷nginx $(median "${A50N[@]}"), mio÷haproxy $(median "${A50H[@]}")"
echo "median added p99 ms: mio $(median "${M99[@]}"), nginx $(median "${N99[@]}"), haproxy $(median "${H99[@]}"); ratio mio÷nginx $(median "${A99N[@]}"), mio÷haproxy $(median "${A99H[@]}")"
echo "median CPU µs per request: mio $(median "${MC[@]}"), nginx $(median "${NC[@]}"), haproxy $(median "${HC[@]}"); ratio mio÷nginx $(median "${CN[@]}"), mio÷haproxy $(median "${CH[@]}")"
echo "load at end: $(cut -d' ' -f1 /proc/loadavg)"
