#!/usr/bin/env bash
# Fails when the committed site/ is not what `primedoc build` makes of docs-src/
# now (as a formatting check does): the guide in the repository must be the one
# its scenarios verify. Run scripts/build-guide.sh and commit site/ to fix it.
set -euo pipefail
cd "$(dirname "$0")/.."
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
# With --real-kernel, as build-guide.sh builds it: the site says which scenarios
# also ran on Linux 6.1, and a difference from the model fails the build here.
if ! .build/debug/primedoc build --real-kernel docs-src --output "$fresh/site" >/dev/null 2>"$fresh/log"; then
  cat "$fresh/log" >&2
  exit 1
fi
grep '^real kernel' "$fresh/log" || true
if ! diff -r site "$fresh/site" >"$fresh/diff"; then
  echo "error: site/ is out of date with docs-src/: run scripts/build-guide.sh and commit site/" >&2
  head -n 40 "$fresh/diff" >&2
  exit 1
fi
echo "site/ is what primedoc builds from docs-src/ ($(find site -type f | wc -l) files)"
