#!/usr/bin/env bash
# Checks what `./parley run` promises an operator, on the built tree, inside a loopback-only
# network namespace (`./parley test` runs it there after the test suite; alone, after a build:
# unshare -n bash -c 'ip link set lo up && scripts/check-run.sh'):
#   1. the run reaches "Demo page" with the models loaded and readiness UP; then two calls in
#      headless Chromium, whose answer timings compare the first call with a later one;
#   2. the media server, killed with SIGKILL, is reported, restarted, and readiness is UP again
#      with the media server connected; a new call is answered;
#   3. Ctrl-C (SIGINT to the run's process group, as a terminal sends it) stops everything the run
#      started: no process of its group is left.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.parley/check-run.out
mkdir -p .parley
fail() { echo "check-run: FAILED: $*" >&2; echo "check-run: the run's output ($OUT):" >&2; sed 's/^/    /' "$OUT" >&2; exit 1; }
# Waits up to $1 s for the pattern $2 in the run's output.
await_line() {
  local deadline=$(( $(date +%s) + $1 ))
  until grep -q -- "$2" "$OUT"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    kill -0 "$run_pid" 2>/dev/null || return 1
    sleep 0.5
  done
}

# The calls: dev.parley.e2e.bench.FirstCallProbe (arquillian's test classes, built by the test run
# or by mvn install -DskipTests) on the arquillian module's test class path.
CP_FILE=$(pwd)/.parley/probe.classpath
mvn -B -o -q -pl arquillian dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null \
  || { echo "check-run: FAILED: cannot resolve the arquillian module's test class path" >&2; exit 1; }
[ -f arquillian/target/test-classes/dev/parley/e2e/bench/FirstCallProbe.class ] \
  || { echo "check-run: FAILED: build first (mvn install -DskipTests compiles the probe)" >&2; exit 1; }
calls() { # <how many> <label>
  java -cp "arquillian/target/test-classes:$(cat "$CP_FILE")" -Dparley.probe.calls="$1" \
    -Dparley.probe.page="http://127.0.0.1:${PARLEY_HTTP_PORT:-8080}/parley/" dev.parley.e2e.bench.FirstCallProbe \
    | sed "s/^/check-run:    $2 /" || fail "a call failed ($2)"
}

# Its own process group (setsid), with SIGINT at its default even when this script was started in
# the background (which makes the shell ignore SIGINT in children): as from a terminal.
setsid perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' scripts/run-local.sh >"$OUT" 2>&1 &
run_pid=$!
cleanup() { kill -TERM "$run_pid" 2>/dev/null || true; }
trap cleanup EXIT
started=$(date +%s)

await_line 600 "Demo page:" || fail "the run did not print the demo page"
grep -q "models: loaded in" "$OUT" || fail "no 'models: loaded in' line before the demo page"
grep -q "ready: .* is UP" "$OUT" || fail "readiness was not UP before the demo page"
echo "check-run: 1. demo page after $(( $(date +%s) - started )) s, models loaded, readiness UP"
calls 2 "after the start:"

media_pid=$(sed -n 's/.*media server: listening on .*(pid \([0-9]*\),.*/\1/p' "$OUT" | tail -n 1)
[ -n "$media_pid" ] || fail "no media server pid in the output"
kill -KILL "$media_pid"
await_line 60 "media server: DIED" || fail "the media server's death was not reported"
await_line 120 "ready: .* is UP again" || fail "readiness did not return to UP"
new_pid=$(sed -n 's/.*media server: listening on .*(pid \([0-9]*\),.*/\1/p' "$OUT" | tail -n 1)
[ "$new_pid" != "$media_pid" ] && kill -0 "$new_pid" 2>/dev/null || fail "no new media server runs"
ready=$(curl -sS http://127.0.0.1:${PARLEY_HTTP_PORT:-8080}/health/ready)
case "$ready" in
  *'"status":"UP"'*'CONNECTED'*) ;;
  *) fail "readiness after the restart: $ready" ;;
esac
echo "check-run: 2. media server $media_pid killed, $new_pid started in its place, readiness UP and connected"
calls 1 "after the restart:"

started_by_run=$(ps -o pid= -s "$run_pid" | tr -s ' \n' ' ')
kill -INT -- "-$run_pid"
deadline=$(( $(date +%s) + 60 ))
while kill -0 "$run_pid" 2>/dev/null; do
  [ "$(date +%s)" -lt "$deadline" ] || fail "the run did not end within 60 s of Ctrl-C"
  sleep 0.5
done
left=$(ps -o pid=,args= -s "$run_pid" || true)
[ -z "$left" ] || fail "left running after Ctrl-C: $left"
for pid in $started_by_run; do
  ! kill -0 "$pid" 2>/dev/null || fail "process $pid of the run is still alive"
done
grep -q "run: stopped everything it started" "$OUT" || fail "no stop line"
trap - EXIT
echo "check-run: 3. Ctrl-C stopped the run and every process it started ($started_by_run)"
