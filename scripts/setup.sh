#!/usr/bin/env bash
# Installs what primedoc needs from Debian when it is missing (libcmark-dev),
# then builds the package. Run by the other scripts; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f /usr/include/cmark.h ]; then scripts/apt-install.sh libcmark-dev; fi

swift build "$@"

# SwiftPM adds to the static archives the harnesses link and never removes from
# them: after a source file is renamed or deleted, its old object stays in the
# archive and its symbols clash at link time. Rebuild an archive when it holds an
# object that no current source produces. (Any target's sources count, so that the
# list of which targets each archive holds stays in Package.swift alone.)
args=("$@")
bin="$(swift build --show-bin-path "$@")"
# Each source's object, and each module's own (a debug build's TARGET.swiftmodule.o).
objects=$(for target in Sources/*/; do
  find "$target" -name '*.swift' -printf '%f.o\n'
  echo "$(basename "$target").swiftmodule.o"
done | sort -u)
rebuild=0
for archive in libDocModelHarness.a libRealLinuxHarness.a; do
  [ -f "$bin/$archive" ] && command -v ar >/dev/null || continue
  stale=$(ar t "$bin/$archive" | sort | comm -23 - <(echo "$objects"))
  if [ -n "$stale" ]; then
    echo "setup: $archive holds objects of removed sources ($(echo $stale)); rebuilding it" >&2
    rm "$bin/$archive"
    rebuild=1
  fi
done
if [ "$rebuild" = 1 ]; then swift build ${args[@]+"${args[@]}"}; fi
