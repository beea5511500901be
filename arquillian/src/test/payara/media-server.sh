#!/usr/bin/env bash
# Starts and stops the embedded media server that Parley connects to during the integration tests
# (its readiness includes the media server connection). Maven calls it in pre-integration-test
# (start, before the Payara domain) and post-integration-test (stop).
#   media-server.sh start|stop <parley-media-server.jar> <run directory>
set -euo pipefail
# shellcheck source=pid-file.sh
. "$(dirname "$0")/pid-file.sh"
action=${1:?usage: media-server.sh start|stop JAR RUN_DIR}
jar=${2:?usage: media-server.sh start|stop JAR RUN_DIR}
run_dir=${3:?usage: media-server.sh start|stop JAR RUN_DIR}
pid_file="$run_dir/media-server.pid"
log="$run_dir/media-server.log"
start_seconds=60

now_ns() { date +%s%N; }
seconds_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

# Stops the server this script started, including one an interrupted earlier run left behind.
stop_server() { stop_pid_file "$pid_file" "$jar"; }

case "$action" in
  start)
    if [ ! -f "$jar" ]; then
      echo "media-server: $jar is missing; build kurento-modules first (mvn install)" >&2
      exit 1
    fi
    mkdir -p "$run_dir"
    stop_server
    started=$(now_ns)
    # Detached from Maven's streams so that the exec step returns while the server keeps running.
    # It records only under its roots: the domain's parley.recording.directory is target/recordings.
    java -jar "$jar" --recordingRoots="$(dirname "$run_dir")/recordings" </dev/null >"$log" 2>&1 &
    echo $! >"$pid_file"
    for _ in $(seq $((start_seconds * 5))); do
      if grep -q '^parley-media-server listening on ' "$log"; then
        echo "media-server: $(grep -m 1 '^parley-media-server listening on ' "$log") after $(seconds_since "$started") s"
        exit 0
      fi
      kill -0 "$(cat "$pid_file")" 2>/dev/null || break
      sleep 0.2
    done
    echo "media-server: did not start within ${start_seconds} s; its output ($log):" >&2
    tail -n 30 "$log" >&2 || true
    stop_server
    exit 1
    ;;
  stop)
    stop_server
    echo "media-server: stopped"
    ;;
  *)
    echo "media-server.sh: unknown action '$action' (start | stop)" >&2
    exit 2
    ;;
esac
