#!/usr/bin/env bash
# Installs the Debian packages Parley needs, only those missing. Idempotent; safe to run often.
set -euo pipefail

PACKAGES=(
  # media server: GStreamer 1.22 with WebRTC (webrtcbin, libnice, DTLS-SRTP), Opus, WebM
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-bad gstreamer1.0-nice gstreamer1.0-libav
  # speech: pocketsphinx STT with its US English model and test recordings, flite TTS
  libpocketsphinx3 pocketsphinx-en-us pocketsphinx-testdata flite libflite1
  # end-to-end tests: browser, TURN server, audio tools, network namespaces
  chromium chromium-driver coturn sox iproute2 unzip util-linux
  # session history on PostgreSQL: the store test starts its own throwaway server from these binaries
  postgresql
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} Debian packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# coturn's and postgresql's packages enable system services on some setups; Parley's tests start
# their own on loopback (PostgreSQL in a temporary directory on a random port).
if command -v systemctl >/dev/null 2>&1; then
  for service in coturn postgresql; do $SUDO systemctl disable --now "$service" >/dev/null 2>&1 || true; done
fi
echo "setup: done"
