#!/usr/bin/env bash
# Runs the JMH suite against PostgreSQL and prints the results table.
#
#   benchmarks/run.sh quick   # every workload but growth, 1 short iteration each: about 2-3 minutes
#   benchmarks/run.sh full    # the whole suite, growth and Axon included: about 10 minutes
#   benchmarks/run.sh paired  # EventCore / Axon and / baseline, and growth, from 3 interleaved rounds: about 13 minutes
#
# Extra arguments go to JMH, e.g. `benchmarks/run.sh quick 'SingleStream|Baseline'` to pick benchmarks
# by regular expression (in paired mode they go to each of its runs, so JVM options only, e.g.
# `-jvmArgsAppend -Deventcore.bench.writer-threads=2`). SKIP_BUILD=1 reuses
# benchmarks/target/benchmarks.jar as it is.
# The database comes from EVENTCORE_BENCH_JDBC_URL (default jdbc:postgresql://127.0.0.1:5432/test),
# EVENTCORE_BENCH_USER (postgres), EVENTCORE_BENCH_PASSWORD and EVENTCORE_BENCH_POOL_SIZE (16).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-quick}
shift || true
case "$mode" in
  quick) jvm=(-Deventcore.bench.calibration-seconds=3); options=(-f 1 -wi 1 -w 2s -i 1 -r 4s -e 'GrowthBenchmark') ;;
  full) jvm=(); options=() ;; # the classes' own settings: 1 fork, 4 x 5 s warmup, 3 x 8 s measurement
  paired) jvm=(); options=(-f 1 -wi 4 -w 5s -i 1 -r 10s) ;; # per benchmark and round, warm-up as in RunSettings; ROUNDS rounds (3)
  *) echo "usage: $0 quick|full|paired [JMH options]" >&2; exit 2 ;;
esac

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -q -pl benchmarks -am package -Dmaven.test.skip=true
fi

jar=benchmarks/target/benchmarks.jar

# CPU time the hypervisor gave to other guests (steal) and all CPU time so far, in clock ticks: one
# cause of a slow run on a shared VM, told apart from the others.
cpu_ticks() { awk '/^cpu /{total = 0; for (i = 2; i <= NF; i++) total += $i; print $9, total}' /proc/stat 2>/dev/null || true; }
# The share of CPU time stolen since a cpu_ticks reading, in percent (empty without /proc/stat).
stolen_since() {
  local since=($1) now=($(cpu_ticks))
  ((${#since[@]} == 2 && ${#now[@]} == 2 && now[1] > since[1])) || return 0
  awk -v s=$((now[0] - since[0])) -v t=$((now[1] - since[1])) 'BEGIN { printf "%.1f\n", 100 * s / t }'
}

if [[ "$mode" == paired ]]; then
  # One JMH run per benchmark. Odd and even rounds run in two orders in which both sides of each
  # ratio run close together in time and take turns going first (see PairedRatios); the even order
  # is not simply the odd one reversed, which ran the last benchmark of a round again first in the
  # next, after itself rather than after another workload as everywhere else.
  odd=(GrowthBenchmark.singleStreamOnLargeTable SingleStreamBenchmark.singleStream
       AxonSingleStreamBenchmark.singleStream BaselineBenchmark.baseline MultiStreamBenchmark.multiStream
       AxonMultiStreamBenchmark.multiStream)
  even=(BaselineBenchmark.baseline AxonSingleStreamBenchmark.singleStream SingleStreamBenchmark.singleStream
        GrowthBenchmark.singleStreamOnLargeTable AxonMultiStreamBenchmark.multiStream MultiStreamBenchmark.multiStream)
  folder=benchmarks/target/paired
  rm -rf "$folder" && mkdir -p "$folder" && : > benchmarks/target/jmh-paired.log
  for ((round = 1; round <= ${ROUNDS:-3}; round++)); do
    start=$(cpu_ticks)
    names=("${odd[@]}")
    if ((round % 2 == 0)); then
      names=("${even[@]}")
    fi
    for place in "${!names[@]}"; do
      echo "# round $round, place $((place + 1)): ${names[place]}"
      java -jar "$jar" "^io\.eventcore\.benchmarks\.${names[place]}\$" "${options[@]}" \
        -rf json -rff "$folder/round-$round-$((place + 1)).json" "$@" >> "benchmarks/target/jmh-paired.log" 2>&1
    done
    stolen_since "$start" > "$folder/round-$round.stolen"
  done
  java -cp "$jar" io.eventcore.benchmarks.PairedRatios "$folder" | tee "benchmarks/target/results-paired.md"
  exit 0
fi

result=benchmarks/target/jmh-result.json
start=$(cpu_ticks)
java "${jvm[@]}" -jar "$jar" "${options[@]}" -rf json -rff "$result" "$@" 2>&1 | tee "benchmarks/target/jmh-$mode.log"
stolen=$(stolen_since "$start")
echo
{
  java -cp "$jar" io.eventcore.benchmarks.ResultsTable "$result"
  if [[ -n "$stolen" ]]; then
    echo
    echo "CPU time stolen by the hypervisor during the run: $stolen %"
  fi
} | tee "benchmarks/target/results-$mode.md"
