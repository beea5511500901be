#!/usr/bin/env bash
# Starts and stops the Payara Server domain that the integration tests deploy the EAR to. Maven
# calls it in pre-integration-test (start) and post-integration-test (stop).
#   payara-domain.sh start|stop <payara home, e.g. arquillian/target/payara/payara6>
set -euo pipefail
# shellcheck source=pid-file.sh
. "$(dirname "$0")/pid-file.sh"
action=${1:?usage: payara-domain.sh start|stop PAYARA_HOME}
home=${2:?usage: payara-domain.sh start|stop PAYARA_HOME}
domain=domain1
domain_dir="$home/glassfish/domains/$domain"
asadmin="$home/bin/asadmin"
pid_file="$domain_dir/config/pid"
domain_xml="$domain_dir/config/domain.xml"
server_log="$domain_dir/logs/server.log"

now_ns() { date +%s%N; }
seconds_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

# A build that was interrupted (Ctrl-C, a killed JVM, a network namespace that went away) can leave
# its domain running; its pid file says which process it is.
kill_left_over_domain() {
  stop_pid_file "$pid_file" "$domain_dir" "payara: stopping domain process %s left running by an earlier run"
}

# One test instance needs no data grid. With Hazelcast off the domain neither searches for cluster
# members nor for a non-loopback interface (the tests run where only 127.0.0.1 exists), and it
# starts about 10 s sooner. Only server-config's empty element matches, so this is idempotent.
configure_domain() {
  sed -i '0,/<hazelcast-config-specific-configuration><\/hazelcast-config-specific-configuration>/s//<hazelcast-config-specific-configuration enabled="false"><\/hazelcast-config-specific-configuration>/' "$domain_xml"
  grep -q '<hazelcast-config-specific-configuration enabled="false">' "$domain_xml" \
    || echo "payara: WARNING could not disable Hazelcast in $domain_xml; the domain will start slower" >&2
}

case "$action" in
  start)
    kill_left_over_domain
    configure_domain
    started=$(now_ns)
    if ! "$asadmin" start-domain "$domain"; then
      echo "payara: start-domain failed; the end of $server_log:" >&2
      tail -n 60 "$server_log" >&2 || true
      kill_left_over_domain
      exit 1
    fi
    echo "payara: domain started in $(seconds_since "$started") s"
    ;;
  stop)
    started=$(now_ns)
    # The tests have undeployed by now: nothing needs a graceful shutdown, so don't wait for one.
    "$asadmin" stop-domain --kill=true "$domain" || true
    kill_left_over_domain
    echo "payara: domain stopped in $(seconds_since "$started") s"
    ;;
  *)
    echo "payara-domain.sh: unknown action '$action' (start | stop)" >&2
    exit 2
    ;;
esac
