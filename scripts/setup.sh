#!/usr/bin/env bash
# Installs what primedoc needs from Debian when it is missing (libcmark-dev),
# then builds the package. Sourced by the other scripts; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f /usr/include/cmark.h ]; then
  echo "setup: installing libcmark-dev" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libcmark-dev >/dev/null
fi

swift build "$@"
