# Sourced by the test-server scripts here. Stops the process a pid file names, but only if its
# command line still mentions MARKER (a recycled pid belongs to someone else): politely for up to
# 10 s, then for good. Also clears what an interrupted earlier run left behind. NOTICE, if given, is
# printed (printf format, %s = the pid) when there was such a process to stop.
#   stop_pid_file PID_FILE MARKER [NOTICE]
stop_pid_file() {
  local pid_file=$1 marker=$2 notice=${3:-} pid
  [ -f "$pid_file" ] || return 0
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"; then
    [ -z "$notice" ] || printf "$notice\n" "$pid"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}
