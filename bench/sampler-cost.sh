#!/usr/bin/env bash
# Sampler cost: CPU the resource sampler uses to sample N idle processes every 100 ms.
# Run from the repository root:   bench/sampler-cost.sh 64 20 3    (instances, measured seconds, warm-up seconds)
# It compiles the test classes, then runs dev.mio.sample.SamplerCostBench (src/test/java), which starts
# N `sleep 600` processes, tracks them, warms up (default 3 s), and prints the sampler thread's CPU time and the
# whole JVM's CPU time over the measured seconds as % of one core. Not part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
exec java -Xmx256m -cp target/classes:target/test-classes dev.mio.sample.SamplerCostBench "${1:-64}" "${2:-20}" "${3:-3}"
