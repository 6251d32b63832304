#!/usr/bin/env bash
# Runs every test: the package's unit and end-to-end tests, then `primedoc check`
# over the shipped guide. Its last line is `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --build-tests
swift test --skip-build
.build/debug/primedoc check docs-src
