#!/usr/bin/env bash
# Compiles the main sources of a git revision into DIR (for A/B runs).  Exact command:  bench/build-rev.sh REV DIR
set -euo pipefail
cd "$(dirname "$0")/.."
rev="$1"; dir="$2"; src="$(mktemp -d)"
trap 'rm -rf "$src"' EXIT
git archive "$rev" src/main | tar -x -C "$src"
[ -f target/cp.txt ] || mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
mkdir -p "$dir"
javac --release 17 -nowarn -d "$dir" -cp "$(cat target/cp.txt)" $(find "$src/src/main/java" -name '*.java')
cp -r "$src/src/main/resources/." "$dir/" 2>/dev/null || true
echo "$dir"
