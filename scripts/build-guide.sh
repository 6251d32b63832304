#!/usr/bin/env bash
# Builds the guide: docs-src/ → site/. Every scenario is compiled, run and
# verified; site/ is replaced only when all of them pass.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .build/debug/primedoc build docs-src --output site "$@"
