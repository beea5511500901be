#!/usr/bin/env bash
# Runs one benchmark (or all) against the built tree; called by `./parley bench [name]` inside a
# loopback-only network namespace. Each benchmark prints its numbers and appends them, with the
# machine and date, to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=(mvn -B -ntp -o -q)

bench() { # module main-class
  "${MVN[@]}" -pl "$1" exec:java -Dexec.classpathScope=test -Dexec.mainClass="$2" -Dparley.benchmarks.file="$(pwd)/docs/benchmarks.md"
}

case "${1:-all}" in
  media)  bench kurento-modules dev.parley.kms.bench.MediaBenchmark ;;
  speech) bench ejb dev.parley.speech.bench.SpeechBenchmark ;;
  engine) bench ejb dev.parley.conversation.bench.EngineBenchmark ;;
  rtp)    bench ejb dev.parley.rtp.bench.RtpBridgeBenchmark ;;
  voice)  bench arquillian dev.parley.e2e.bench.VoiceLatencyBenchmark ;;
  all)    for b in media speech engine rtp voice; do "$0" "$b"; done ;;
  *) echo "unknown benchmark: $1 (media | speech | engine | rtp | voice | all)" >&2; exit 2 ;;
esac
