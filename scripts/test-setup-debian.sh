#!/usr/bin/env bash
# Proves that scripts/setup-debian.sh never switches off a service the machine already had, and
# that it installs npm when none is on PATH. It runs the script's --check mode against given
# states (installed packages, existing services) with apt-get, systemctl, sudo and dpkg-query
# replaced by stubs that record any call: a check must call none of them. Run by `./parley test`.
set -euo pipefail
cd "$(dirname "$0")/.."
SETUP=$(pwd)/scripts/setup-debian.sh
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# A PATH with the tools the script needs and stubs for those that would change the machine;
# npm is on it only when a case says so.
mkdir -p "$WORK/bin"
for tool in bash grep cat id printf; do
  real=$(command -v "$tool" || true)
  [ -z "$real" ] || [ "$real" = "$tool" ] || ln -s "$real" "$WORK/bin/$tool"
done
for stub in apt-get systemctl sudo dpkg-query; do
  printf '#!%s\necho "%s $*" >>"%s/calls"\n' "$(command -v bash)" "$stub" "$WORK" >"$WORK/bin/$stub"
  chmod +x "$WORK/bin/$stub"
done
mkdir -p "$WORK/with-npm"
printf '#!%s\nexit 0\n' "$(command -v bash)" >"$WORK/with-npm/npm"
chmod +x "$WORK/with-npm/npm"

ALL_RUN=(gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-nice gstreamer1.0-libav libpocketsphinx3 pocketsphinx-en-us flite libflite1 curl unzip)
ALL_TEST=(pocketsphinx-testdata chromium chromium-driver coturn sox iproute2 util-linux procps postgresql)

failures=0
# check <name> <mode> <npm: yes|no> <installed packages...> -- <existing services...>; then expectations
check() {
  local name=$1 mode=$2 npm=$3
  shift 3
  : >"$WORK/installed"
  : >"$WORK/units"
  while [ $# -gt 0 ] && [ "$1" != -- ]; do echo "$1" >>"$WORK/installed"; shift; done
  [ $# -gt 0 ] && shift
  while [ $# -gt 0 ]; do echo "$1" >>"$WORK/units"; shift; done
  local path="$WORK/bin"
  [ "$npm" = yes ] && path="$WORK/with-npm:$path"
  : >"$WORK/calls"
  PATH="$path" PARLEY_SETUP_INSTALLED="$WORK/installed" PARLEY_SETUP_UNITS="$WORK/units" \
    "$(command -v bash)" "$SETUP" --check "$mode" >"$WORK/out"
  CASE=$name
}
expect() { # <line prefix> <exact value>
  local line
  line=$(grep "^setup check: $1" "$WORK/out" | sed "s/^setup check: $1: //")
  if [ "$line" != "$2" ]; then
    echo "test-setup-debian: FAIL $CASE: '$1' is '$line', expected '$2'" >&2
    failures=$((failures + 1))
  fi
  if [ -s "$WORK/calls" ]; then
    echo "test-setup-debian: FAIL $CASE: the check called $(tr '\n' ';' <"$WORK/calls")" >&2
    failures=$((failures + 1))
  fi
}

# PostgreSQL 15 installed and running as a service, without the "postgresql" metapackage: the
# metapackage is installed, and the user's server is left alone (the old script disabled it).
check "user's postgresql-15" test yes "${ALL_RUN[@]}" pocketsphinx-testdata chromium chromium-driver coturn sox \
  iproute2 util-linux procps postgresql-15 -- postgresql coturn
expect "would install" "postgresql"
expect "would switch off if installing starts them" "nothing"
expect "leaves alone (they existed before)" "coturn postgresql"

# coturn's service exists (the user's TURN server), its package name absent from the list: kept.
check "user's coturn" test yes "${ALL_RUN[@]}" -- coturn
expect "would install" "${ALL_TEST[*]}"
expect "would switch off if installing starts them" "postgresql"
expect "leaves alone (they existed before)" "coturn"

# A fresh machine: everything is installed, the services the install brings are switched off again.
check "fresh machine" test no --
expect "would install" "${ALL_RUN[*]} ${ALL_TEST[*]} npm"
expect "would switch off if installing starts them" "coturn postgresql"
expect "leaves alone (they existed before)" "nothing"

# run needs none of the test packages and never switches a service off; npm only when absent.
check "run, fresh" run no -- postgresql
expect "would install" "${ALL_RUN[*]} npm"
expect "would switch off if installing starts them" "nothing"
check "run, all present" run yes "${ALL_RUN[@]}" --
expect "would install" "nothing"
expect "would switch off if installing starts them" "nothing"

if [ "$failures" -gt 0 ]; then
  echo "test-setup-debian: $failures failure(s)" >&2
  exit 1
fi
echo "test-setup-debian: 5 cases passed (no existing service switched off, npm installed when absent, nothing changed by --check)"
