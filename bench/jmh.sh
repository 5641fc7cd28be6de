#!/usr/bin/env bash
# Builds and runs the JMH micro-benchmarks of bench/jmh (a separate Maven project, not part of `mvn -B verify`).
# Exact command:  bench/jmh.sh [JMH args]      e.g. bench/jmh.sh            (all, 1 fork, 3×1 s warm-up, 5×1 s)
#                                                   bench/jmh.sh RouterBench -t 2
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f target/mio.jar ] || [ -n "$(find src/main pom.xml -newer target/mio.jar -print -quit)" ]; then
  mvn -B -q -DskipTests package
fi
mvn -B -q -f bench/jmh/pom.xml package
exec java -XX:+UseSerialGC -cp bench/jmh/target/benchmarks.jar:target/mio.jar org.openjdk.jmh.Main "$@"
