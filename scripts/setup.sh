#!/usr/bin/env bash
# Installs what primedoc needs from Debian when it is missing (libcmark-dev),
# then builds the package. Run by the other scripts; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f /usr/include/cmark.h ]; then scripts/apt-install.sh libcmark-dev; fi

swift build "$@"
