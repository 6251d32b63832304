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
# object that no current source of its targets produces.
args=("$@")
bin="$(swift build --show-bin-path "$@")"
stale_objects() {  # ARCHIVE TARGET...
  local archive="$bin/$1" sources
  shift
  [ -f "$archive" ] && command -v ar >/dev/null || return 0
  # Each source's object, and each module's own (a debug build's TARGET.swiftmodule.o).
  sources=$(for target in "$@"; do
    find "Sources/$target" -name '*.swift' -printf '%f.o\n'
    echo "$target.swiftmodule.o"
  done | sort)
  ar t "$archive" | sort | comm -23 - <(echo "$sources")
}
rebuild=0
for spec in "libDocModelHarness.a DocModel LinuxUAPI PrimedocHarness PrimedocHarnessProtocol" \
  "libRealLinuxHarness.a RealLinux LinuxUAPI PrimedocHarness PrimedocHarnessProtocol"; do
  set -- $spec
  stale=$(stale_objects "$@")
  if [ -n "$stale" ]; then
    echo "setup: $1 holds objects of removed sources ($(echo $stale)); rebuilding it" >&2
    rm "$bin/$1"
    rebuild=1
  fi
done
if [ "$rebuild" = 1 ]; then swift build ${args[@]+"${args[@]}"}; fi
