#!/usr/bin/env bash
# Runs one benchmark (or all) against the built tree; called by `./parley bench [name]` inside a
# loopback-only network namespace. Each benchmark prints its numbers and appends them, with the
# machine and date, to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=(mvn -B -ntp -o -q)

bench() { # module main-class [-Dproperty=value ...]
  local module=$1 main=$2
  shift 2
  "${MVN[@]}" -pl "$module" exec:java -Dexec.classpathScope=test -Dexec.mainClass="$main" -Dparley.benchmarks.file="$(pwd)/docs/benchmarks.md" "$@"
}

case "${1:-all}" in
  media)  bench kurento-modules dev.parley.kms.bench.MediaBenchmark ;;
  speech) bench ejb dev.parley.speech.bench.SpeechBenchmark ;;
  engine) bench ejb dev.parley.conversation.bench.EngineBenchmark ;;
  rtp)    bench ejb dev.parley.rtp.bench.RtpBridgeBenchmark ;;
  # e.g. ./parley bench voice -Dparley.bench.calls=2 -Dparley.bench.turnTakingCalls=1
  voice)  bench arquillian dev.parley.e2e.bench.VoiceLatencyBenchmark "${@:2}" ;;
  # e.g. ./parley bench capacity -Dparley.bench.capacity.steps=1,2,4,8 -Dparley.bench.capacity.instances=1
  capacity) bench arquillian dev.parley.e2e.bench.CapacityBenchmark "${@:2}" ;;
  all)    for b in media speech engine rtp voice capacity; do "$0" "$b"; done ;;
  *) echo "unknown benchmark: $1 (media | speech | engine | rtp | voice | capacity | all)" >&2; exit 2 ;;
esac
