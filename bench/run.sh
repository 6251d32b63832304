#!/usr/bin/env bash
# The benchmark of issue 6: builds primedoc, then bench/run.py. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh -c "${BENCH_CONFIGURATION:-release}"  # libcmark-dev when missing, then the build
exec python3 bench/run.py "$@"
