#!/usr/bin/env bash
# The proof that primedoc runs Swift nobody here wrote: converts The Swift
# Programming Language's chapters and their 1,122 hidden test listings
# (examples/tspl/source, Apache 2.0) into a primedoc book, one page per chapter and
# a session per test name (convert.py), checks it, and prints how many listings
# verify and why each of the others does not (classify.py, known-failures.txt).
# Exit 1 below the target, or on a failure the list does not explain.
#   examples/tspl/run.sh [FOLDER]   # the book and its report go to FOLDER (default: a temporary one)
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/setup.sh >&2
work=${1:-$(mktemp -d)}
rm -rf "$work/docs-src"
python3 examples/tspl/convert.py examples/tspl/source "$work/docs-src"
# Exit 1 (a listing failed) is expected; classify.py judges the report.
status=0
# Its diagnostics (one per failing listing) go to check.log; the report has them too.
(cd "$work" && "$OLDPWD/.build/debug/primedoc" check docs-src --format json >report.json 2>check.log) || status=$?
[ "$status" -le 1 ] || { cat "$work/check.log" >&2; echo "primedoc check failed to run (exit $status)" >&2; exit "$status"; }
tail -n 2 "$work/check.log"
python3 examples/tspl/classify.py "$work/docs-src" "$work/report.json" examples/tspl/known-failures.txt
