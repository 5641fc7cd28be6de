#!/usr/bin/env bash
# Runs every bench script in turn (each waits, bounded, for a quiet machine) and keeps their output under
# bench/out/<time>/ (git-ignored). Exact command:  bench/all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out="bench/out/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
{ echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r)";
  java -version 2>&1 | head -2; echo "git: $(git rev-parse --short HEAD 2>/dev/null || cat .bench-rev 2>/dev/null)"; } | tee "$out/machine.txt"
for s in driver-vs-wrk proxy-vs-peers sampler-overhead launch-time footprint; do
  echo "== $s" >&2
  bench/$s.sh 2>&1 | tee "$out/$s.txt"
done
bench/jmh.sh -rf text -rff "$PWD/$out/jmh-results.txt" 2>&1 | tail -20 | tee "$out/jmh.txt"
