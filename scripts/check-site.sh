#!/usr/bin/env bash
# Fails when the committed site/ is not what `primedoc build` makes of docs-src/
# now (as a formatting check does): the guide in the repository must be the one
# its scenarios verify. Run scripts/build-guide.sh and commit site/ to fix it.
set -euo pipefail
cd "$(dirname "$0")/.."
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
.build/debug/primedoc build --real-kernel docs-src --output "$fresh/site" >/dev/null
if ! diff -r site "$fresh/site" >"$fresh/diff"; then
  echo "error: site/ is out of date with docs-src/: run scripts/build-guide.sh and commit site/" >&2
  head -n 40 "$fresh/diff" >&2
  exit 1
fi
echo "site/ is what primedoc builds from docs-src/ ($(find site -type f | wc -l) files)"
