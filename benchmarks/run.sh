#!/usr/bin/env bash
# Runs the JMH suite against PostgreSQL and prints the results table.
#
#   benchmarks/run.sh quick   # every workload but growth, 1 short iteration each: about 2-3 minutes
#   benchmarks/run.sh full    # the whole suite, growth and Axon included: about 9-11 minutes
#
# Extra arguments go to JMH, e.g. `benchmarks/run.sh quick 'SingleStream|Baseline'` to pick benchmarks
# by regular expression. SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar as it is.
# The database comes from EVENTCORE_BENCH_JDBC_URL (default jdbc:postgresql://127.0.0.1:5432/test),
# EVENTCORE_BENCH_USER (postgres), EVENTCORE_BENCH_PASSWORD and EVENTCORE_BENCH_POOL_SIZE (16).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-quick}
shift || true
case "$mode" in
  quick) jvm=(-Deventcore.bench.calibration-seconds=3); options=(-f 1 -wi 1 -w 2s -i 1 -r 4s -e 'GrowthBenchmark') ;;
  full) jvm=(); options=() ;; # the classes' own settings: 1 fork, 2 x 5 s warmup, 3 x 8 s measurement
  *) echo "usage: $0 quick|full [JMH options]" >&2; exit 2 ;;
esac

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -q -pl benchmarks -am package -Dmaven.test.skip=true
fi

jar=benchmarks/target/benchmarks.jar
result=benchmarks/target/jmh-result.json
java "${jvm[@]}" -jar "$jar" "${options[@]}" -rf json -rff "$result" "$@" 2>&1 | tee "benchmarks/target/jmh-$mode.log"
echo
java -cp "$jar" io.eventcore.benchmarks.ResultsTable "$result" | tee "benchmarks/target/results-$mode.md"
