#!/usr/bin/env bash
# Starts and stops coturn on 127.0.0.1 for the integration tests, with the REST-style shared secret
# (use-auth-secret) that Parley's parley.signalling.turn-secret names, so the credentials the
# signalling socket hands out are the ones coturn checks. Maven calls it in pre-integration-test
# (start, before the Payara domain) and post-integration-test (stop). Everything coturn writes
# (log, pid file, its user database) stays in the run directory; the log is verbose so that the
# tests can read each allocation's relayed traffic ("peer usage" lines) from it.
#   turn-server.sh start|stop <run directory> <port> <static auth secret>
set -euo pipefail
# shellcheck source=pid-file.sh
. "$(dirname "$0")/pid-file.sh"
usage="usage: turn-server.sh start|stop RUN_DIR PORT SECRET"
action=${1:?$usage}
run_dir=${2:?$usage}
port=${3:?$usage}
secret=${4:?$usage}
pid_file="$run_dir/turnserver.pid"
log="$run_dir/turnserver.log"
start_seconds=30

# Stops the coturn this script started, including one an interrupted earlier run left behind.
stop_server() { stop_pid_file "$pid_file" "$run_dir"; }

case "$action" in
  start)
    command -v turnserver >/dev/null || { echo "turn-server: turnserver (coturn) is not installed; run scripts/setup-debian.sh" >&2; exit 1; }
    mkdir -p "$run_dir"
    stop_server
    rm -f "$log"
    # Loopback relays and peers only: the browser, coturn and the media server all live on 127.0.0.1
    # (allow-loopback-peers is for tests; production coturn keeps loopback peers denied).
    turnserver -n -v --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 --listening-port="$port" \
      --min-port=49200 --max-port=49999 --allow-loopback-peers --no-cli --no-tls --no-dtls \
      --use-auth-secret --static-auth-secret="$secret" --realm=parley --fingerprint \
      --no-stdout-log --simple-log --log-file="$log" --pidfile="$run_dir/coturn.pid" --userdb="$run_dir/turndb" \
      </dev/null >/dev/null 2>&1 &
    echo $! >"$pid_file"
    for _ in $(seq $((start_seconds * 5))); do
      # coturn listens on TCP and UDP on the same port; TCP tells when it is up.
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "turn-server: coturn listening on 127.0.0.1:$port (log $log)"
        exit 0
      fi
      kill -0 "$(cat "$pid_file")" 2>/dev/null || break
      sleep 0.2
    done
    echo "turn-server: coturn did not start within ${start_seconds} s; its log ($log):" >&2
    tail -n 30 "$log" >&2 || true
    stop_server
    exit 1
    ;;
  stop)
    stop_server
    echo "turn-server: stopped"
    ;;
  *)
    echo "turn-server.sh: unknown action '$action' (start | stop)" >&2
    exit 2
    ;;
esac
