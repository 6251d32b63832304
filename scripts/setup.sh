#!/usr/bin/env bash
# Installs what primedoc needs from Debian when it is missing (libcmark-dev),
# then builds the package. Run by the other scripts; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f /usr/include/cmark.h ]; then scripts/apt-install.sh libcmark-dev; fi

swift build "$@"

# SwiftPM adds to the static archive the harness links and never removes from it:
# after a source file of the model is renamed or deleted, its old object stays in
# libDocModelHarness.a and its symbols clash at link time. Rebuild the archive when
# it holds an object that no current source produces.
archive="$(swift build --show-bin-path "$@")/libDocModelHarness.a"
if [ -f "$archive" ] && command -v ar >/dev/null; then
  sources=$(find Sources/DocModel Sources/LinuxUAPI Sources/PrimedocHarness Sources/PrimedocHarnessProtocol -name '*.swift' -printf '%f.o\n' | sort)
  stale=$(ar t "$archive" | sort | comm -23 - <(echo "$sources"))
  if [ -n "$stale" ]; then
    echo "setup: $archive holds objects of removed sources ($(echo $stale)); rebuilding it" >&2
    rm "$archive"
    swift build "$@"
  fi
fi
