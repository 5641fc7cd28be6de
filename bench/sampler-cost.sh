#!/usr/bin/env bash
# Sampler cost: CPU the resource sampler uses to sample N idle processes every 100 ms.
# Run from the repository root:   bench/sampler-cost.sh 64 20 3 sleep   (instances, measured s, warm-up s, sleep|worker)
# It compiles the test classes, then runs dev.mio.sample.SamplerCostBench (src/test/java), which starts
# N idle `sleep 600` processes (or N idle built-in worker JVMs with `worker`), tracks them, warms up
# (default 3 s), and prints the sampler thread's CPU time and the
# whole JVM's CPU time over the measured seconds as % of one core. Not part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
exec java -Xmx256m -cp target/classes:target/test-classes dev.mio.sample.SamplerCostBench "${1:-64}" "${2:-20}" "${3:-3}" "${4:-sleep}"
