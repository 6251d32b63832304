#!/usr/bin/env bash
# Builds the guide: docs-src/ → site/. Every scenario is compiled, run and
# verified on the model, and every one that qualifies runs again on Debian's Linux
# 6.1 under QEMU (scripts/linux-guest.sh installs QEMU and the kernel the first
# time); site/ is replaced only when all of them pass.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .build/debug/primedoc build --real-kernel docs-src --output site "$@"
