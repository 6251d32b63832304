#!/usr/bin/env bash
# The benchmark of issue 6: builds primedoc, then bench/run.py. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh                       # libcmark-dev, debug build
swift build -c "${BENCH_CONFIGURATION:-release}"
exec python3 bench/run.py "$@"
