#!/usr/bin/env bash
# Runs Parley on this machine: the embedded media server and Payara Micro with the micro WAR.
# `./parley run` builds first, then execs this. Stays in the foreground, prints one line per
# startup stage with the seconds since it began, restarts the media server if it dies, and on
# Ctrl-C (or TERM) stops everything it started.
#   PARLEY_HTTP_PORT   HTTP port of Payara Micro (default 8080)
#   PARLEY_BIND_ADDRESS address Payara Micro's HTTP listener binds (default 127.0.0.1: in demo mode
#                      anyone who reaches it may talk to the agent; 0.0.0.0 opens it to the network).
#                      The media server always listens on 127.0.0.1, where Parley reaches it.
#   PARLEY_PRELOAD_ENABLED  false skips preloading the speech models (default true here: the demo
#                      URL is printed once they are loaded, so the first call is as fast as later ones)
#   PARLEY_*           any Parley setting as an environment variable, e.g. PARLEY_STT_PROVIDER
#                      (MicroProfile Config maps parley.stt.provider to it; see docs/deployment.md)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

HTTP_PORT=${PARLEY_HTTP_PORT:-8080}
BIND_ADDRESS=${PARLEY_BIND_ADDRESS:-127.0.0.1}
# Where this script and the printed links reach Payara: a wildcard bind is reached on loopback.
case "$BIND_ADDRESS" in
  0.0.0.0|::|'[::]') LOCAL_HOST=127.0.0.1 ;;
  *:*) LOCAL_HOST="[$BIND_ADDRESS]" ;;
  *) LOCAL_HOST=$BIND_ADDRESS ;;
esac
MEDIA_SERVER_JAR=$ROOT/kurento-modules/target/parley-media-server.jar
PAYARA_MICRO_JAR=$ROOT/web/target/payara-micro.jar
PARLEY_WAR=$ROOT/web/target/parley-micro.war
RUN_DIR=$ROOT/.parley/run
MEDIA_LOG=$RUN_DIR/media-server.log
MICRO_LOG=$RUN_DIR/payara-micro.log
PREBOOT_COMMANDS=$RUN_DIR/preboot-commands.asadmin
PRELOAD=${PARLEY_PRELOAD_ENABLED:-true}
MEDIA_START_SECONDS=30
APP_START_SECONDS=300
PRELOAD_SECONDS=300

for built in "$MEDIA_SERVER_JAR" "$PAYARA_MICRO_JAR" "$PARLEY_WAR"; do
  if [ ! -f "$built" ]; then
    echo "run-local: $built is missing; build first (./parley run does: mvn install -DskipTests)" >&2
    exit 1
  fi
done
mkdir -p "$RUN_DIR"

media_pid=""
micro_pid=""
T0=$(date +%s%N)
# One progress line: seconds since the start, then the text.
stage() { printf 'run: [%5.1f s] %s\n' "$(( ($(date +%s%N) - T0) / 1000000 ))e-3" "$*"; }
stop_all() {
  trap - EXIT INT TERM
  for pid in $micro_pid $media_pid; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $micro_pid $media_pid; do
    wait "$pid" 2>/dev/null || true
  done
  echo "run: stopped everything it started"
}
trap stop_all EXIT
trap 'echo; exit 130' INT TERM

is_running() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# Starts the media server and waits until it says "parley-media-server listening on <url>".
# It records only under its roots: give it the directory Parley records into. Its log is appended
# to, so that a restart keeps what the dead one said.
start_media_server() {
  local from_line
  from_line=$(( $( (wc -l <"$MEDIA_LOG") 2>/dev/null || echo 0) + 1 ))
  java -jar "$MEDIA_SERVER_JAR" --bindAddress=127.0.0.1 \
    --recordingRoots="${PARLEY_RECORDING_DIRECTORY:-file:///var/lib/parley/recordings}" >>"$MEDIA_LOG" 2>&1 &
  media_pid=$!
  local url=""
  for _ in $(seq $((MEDIA_START_SECONDS * 5))); do
    url=$(tail -n +"$from_line" "$MEDIA_LOG" | sed -n 's/^parley-media-server listening on //p' | head -n 1)
    [ -n "$url" ] && break
    is_running "$media_pid" || break
    sleep 0.2
  done
  if [ -n "$url" ]; then
    stage "media server: listening on $url (pid $media_pid, log $MEDIA_LOG)"
  elif is_running "$media_pid"; then
    stage "media server: WARNING not listening after ${MEDIA_START_SECONDS} s; see $MEDIA_LOG" >&2
  else
    wait "$media_pid" && code=0 || code=$?
    media_pid=""
    stage "media server: WARNING it exited (code $code); calls fail until it runs. Its last output:" >&2
    tail -n 5 "$MEDIA_LOG" | sed 's/^/    /' >&2
  fi
}

: >"$MEDIA_LOG"
start_media_server

# Demo mode lets the demo page call without a widget token, as there is no portal backend to issue
# one. It is for trying Parley on this machine only: a real deployment leaves it off (docs/deployment.md).
# Payara Micro has no bind-address option: its HTTP listener's address is set before it boots.
# Nothing else may listen beyond loopback (checked with ss -ltnup, see docs/deployment.md):
# Hazelcast still listened on *:6900 with --nocluster, so it is off (--nohazelcast: one instance
# needs no data grid), and the embedded H2 database behind jdbc/__default opens a TCP server on
# a random port of every interface (its AUTO_SERVER mode) unless h2.bindAddress says where.
# A lasting --rootdir also remembers the last run's deployment, which Micro would deploy first and
# then replace with --deploy's (twice the start time, and a preload cut short): only the database
# under it is kept from run to run.
rm -rf "$RUN_DIR/micro-root/config/domain.xml" "$RUN_DIR/micro-root/applications" "$RUN_DIR/micro-root/generated"
echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=$BIND_ADDRESS" \
  >"$PREBOOT_COMMANDS"
java -Dparley.security.demo-mode=true -Dparley.preload.enabled="$PRELOAD" -Dh2.bindAddress=127.0.0.1 \
  -XX:ErrorFile="$RUN_DIR/hs_err_pid%p.log" \
  -jar "$PAYARA_MICRO_JAR" --nohazelcast \
  --port "$HTTP_PORT" --rootdir "$RUN_DIR/micro-root" \
  --prebootcommandfile "$PREBOOT_COMMANDS" --deploy "$PARLEY_WAR" --contextroot parley >"$MICRO_LOG" 2>&1 &
micro_pid=$!
stage "Payara Micro: starting on $BIND_ADDRESS port $HTTP_PORT in demo mode (pid $micro_pid, log $MICRO_LOG)"

base_url="http://$LOCAL_HOST:$HTTP_PORT"
info_url="$base_url/parley/api/v1/info"
ready_url="$base_url/health/ready"
# Waits up to $1 seconds for the condition $2..; gives up if Payara Micro exits or Parley fails to deploy.
await() {
  local limit=$1 waited_from
  shift
  waited_from=$(date +%s)
  until "$@"; do
    if ! is_running "$micro_pid"; then
      stage "Payara Micro exited; the end of $MICRO_LOG:" >&2
      tail -n 30 "$MICRO_LOG" >&2
      exit 1
    fi
    # A WAR that fails to deploy leaves Micro running without it: stop waiting at once.
    if grep -q "Exception while deploying the app" "$MICRO_LOG"; then
      stage "Parley failed to deploy on Payara Micro:" >&2
      grep -A 3 "Exception while deploying the app\|Exception during lifecycle processing" "$MICRO_LOG" | head -n 20 >&2
      exit 1
    fi
    if [ $(( $(date +%s) - waited_from )) -ge "$limit" ]; then
      return 1
    fi
    sleep 0.5
  done
}
answers() { curl -fsS -o /dev/null "$info_url" 2>/dev/null; }
preloaded() { grep -q "Parley preload: models loaded in\|Parley preload failed" "$MICRO_LOG"; }
ready() { curl -fsS -o /dev/null "$ready_url" 2>/dev/null; }

if ! await "$APP_START_SECONDS" answers; then
  stage "$info_url did not answer within ${APP_START_SECONDS} s; see $MICRO_LOG" >&2
  exit 1
fi
stage "Payara Micro: Parley deployed, $info_url answers"
if [ "$PRELOAD" = true ]; then
  if ! await "$PRELOAD_SECONDS" preloaded; then
    stage "models: WARNING not loaded after ${PRELOAD_SECONDS} s; the first call loads what is missing" >&2
  elif grep -q "Parley preload failed" "$MICRO_LOG"; then
    stage "models: WARNING $(grep -o 'Parley preload failed.*' "$MICRO_LOG" | head -n 1); the first call loads them" >&2
  else
    stage "models: $(grep -o 'loaded in.*' "$MICRO_LOG" | head -n 1)"
  fi
fi
if await 60 ready; then
  stage "ready: $ready_url is UP"
else
  stage "WARNING $ready_url is not UP: $(curl -sS "$ready_url" 2>&1 | head -c 400)" >&2
fi
echo
echo "    Demo page: $base_url/parley/"
echo "    Version, media server, providers: $info_url"
echo
echo "run: press Ctrl-C to stop"

# Supervision: the media server is restarted when it dies, Parley reconnects to it by itself.
# One that dies within a minute of starting is restarted after a wait that doubles each time
# (1 s to 32 s), so a broken one does not spin. If Payara Micro exits, the run ends.
backoff=1
media_started_at=$(date +%s)
while true; do
  sleep 1
  if ! is_running "$micro_pid"; then
    wait "$micro_pid" && code=0 || code=$?
    micro_pid=""
    stage "Payara Micro exited (code $code); see $MICRO_LOG" >&2
    exit "$code"
  fi
  if ! is_running "$media_pid"; then
    code=none
    if [ -n "$media_pid" ]; then
      wait "$media_pid" && code=0 || code=$?
    fi
    if [ $(( $(date +%s) - media_started_at )) -ge 60 ]; then backoff=1; fi
    stage "media server: DIED (exit code $code); restarting it in ${backoff} s. Its last output:" >&2
    tail -n 3 "$MEDIA_LOG" | sed 's/^/    /' >&2
    sleep "$backoff"
    [ "$backoff" -lt 32 ] && backoff=$(( backoff * 2 ))
    media_started_at=$(date +%s)
    start_media_server
    if is_running "$media_pid" && await 60 ready; then
      stage "ready: $ready_url is UP again"
    fi
  fi
done
