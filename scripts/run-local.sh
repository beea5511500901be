#!/usr/bin/env bash
# Runs Parley on this machine: the embedded media server and Payara Micro with the micro WAR.
# `./parley run` builds first, then execs this. Stays in the foreground; Ctrl-C stops both.
#   PARLEY_HTTP_PORT   HTTP port of Payara Micro (default 8080)
#   PARLEY_BIND_ADDRESS address Payara Micro's HTTP listener binds (default 127.0.0.1: in demo mode
#                      anyone who reaches it may talk to the agent; 0.0.0.0 opens it to the network).
#                      The media server always listens on 127.0.0.1, where Parley reaches it.
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
MEDIA_START_SECONDS=30
APP_START_SECONDS=300

for built in "$MEDIA_SERVER_JAR" "$PAYARA_MICRO_JAR" "$PARLEY_WAR"; do
  if [ ! -f "$built" ]; then
    echo "run-local: $built is missing; build first (./parley run does: mvn install -DskipTests)" >&2
    exit 1
  fi
done
mkdir -p "$RUN_DIR"

media_pid=""
micro_pid=""
stop_all() {
  trap - EXIT INT TERM
  for pid in $micro_pid $media_pid; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $micro_pid $media_pid; do
    wait "$pid" 2>/dev/null || true
  done
  echo "run-local: stopped"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

is_running() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# The media server prints "parley-media-server listening on <url>" once it accepts clients.
echo "run-local: starting the media server (log: $MEDIA_LOG)"
# It records only under its roots: give it the directory Parley records into.
java -jar "$MEDIA_SERVER_JAR" --bindAddress=127.0.0.1 \
  --recordingRoots="${PARLEY_RECORDING_DIRECTORY:-file:///var/lib/parley/recordings}" >"$MEDIA_LOG" 2>&1 &
media_pid=$!
media_url=""
for _ in $(seq $((MEDIA_START_SECONDS * 5))); do
  media_url=$(sed -n 's/^parley-media-server listening on //p' "$MEDIA_LOG" | head -n 1)
  [ -n "$media_url" ] && break
  is_running "$media_pid" || break
  sleep 0.2
done
if [ -n "$media_url" ]; then
  echo "run-local: media server listening on $media_url"
elif is_running "$media_pid"; then
  echo "run-local: WARNING the media server has not said it is listening after ${MEDIA_START_SECONDS} s; see $MEDIA_LOG" >&2
else
  wait "$media_pid" && code=0 || code=$?
  media_pid=""
  echo "run-local: WARNING the media server exited (code $code); Parley starts without it and calls will fail." >&2
  echo "run-local: its last output ($MEDIA_LOG):" >&2
  tail -n 5 "$MEDIA_LOG" | sed 's/^/    /' >&2
fi

# Demo mode lets the demo page call without a widget token, as there is no portal backend to issue
# one. It is for trying Parley on this machine only: a real deployment leaves it off (docs/deployment.md).
# Payara Micro has no bind-address option: its HTTP listener's address is set before it boots.
# Nothing else may listen beyond loopback (checked with ss -ltnup, see docs/deployment.md):
# Hazelcast still listened on *:6900 with --nocluster, so it is off (--nohazelcast: one instance
# needs no data grid), and the embedded H2 database behind jdbc/__default opens a TCP server on
# a random port of every interface (its AUTO_SERVER mode) unless h2.bindAddress says where.
echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=$BIND_ADDRESS" \
  >"$PREBOOT_COMMANDS"
echo "run-local: starting Payara Micro on $BIND_ADDRESS port $HTTP_PORT in demo mode (log: $MICRO_LOG)"
java -Dparley.security.demo-mode=true -Dh2.bindAddress=127.0.0.1 -jar "$PAYARA_MICRO_JAR" --nohazelcast \
  --port "$HTTP_PORT" --rootdir "$RUN_DIR/micro-root" \
  --prebootcommandfile "$PREBOOT_COMMANDS" --deploy "$PARLEY_WAR" --contextroot parley >"$MICRO_LOG" 2>&1 &
micro_pid=$!

info_url="http://$LOCAL_HOST:$HTTP_PORT/parley/api/v1/info"
started=$(date +%s)
until curl -fsS -o /dev/null "$info_url" 2>/dev/null; do
  if ! is_running "$micro_pid"; then
    echo "run-local: Payara Micro exited; the end of $MICRO_LOG:" >&2
    tail -n 30 "$MICRO_LOG" >&2
    exit 1
  fi
  # A WAR that fails to deploy leaves Micro running without it: stop waiting at once.
  if grep -q "Exception while deploying the app" "$MICRO_LOG"; then
    echo "run-local: Parley failed to deploy on Payara Micro:" >&2
    grep -A 3 "Exception while deploying the app\|Exception during lifecycle processing" "$MICRO_LOG" | head -n 20 >&2
    exit 1
  fi
  if [ $(( $(date +%s) - started )) -ge "$APP_START_SECONDS" ]; then
    echo "run-local: $info_url did not answer within ${APP_START_SECONDS} s; see $MICRO_LOG" >&2
    exit 1
  fi
  sleep 1
done

echo "run-local: Parley is up after $(( $(date +%s) - started )) s: $(curl -fsS "$info_url")"
echo
echo "    Demo page: http://$LOCAL_HOST:$HTTP_PORT/parley/"
echo
echo "run-local: press Ctrl-C to stop"
wait "$micro_pid" && code=0 || code=$?
micro_pid=""
echo "run-local: Payara Micro exited (code $code); see $MICRO_LOG" >&2
exit "$code"
