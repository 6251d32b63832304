#!/usr/bin/env bash
# Runs every test: the style lint, the package's unit and end-to-end tests, the committed site/
# against a fresh build, the site in headless Chromium, The Swift Programming Language's
# listings as a book, then `primedoc check` over the shipped guide. Its last line is `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --build-tests
# Style: .swift-format (argument-parser's, 120 columns; DocModel and its tests allow
# kernel names). Any violation fails the run; `swift format format -i -r Sources Tests`
# fixes most.
swift format lint --strict -r Sources Tests Package.swift
# The Markdown fuzz test tries 300 random pages by default; CI gives it about 60 s.
PRIMEDOC_FUZZ_COUNT="${PRIMEDOC_FUZZ_COUNT:-40000}" swift test --skip-build
# The committed site/ against a fresh build, which also runs every scenario that
# qualifies on a real Linux 6.1 (booted once per run).
scripts/check-site.sh
command -v chromium >/dev/null || scripts/apt-install.sh chromium  # for the browser tests
python3 Tests/Browser/site_test.py site
# Any Swift: The Swift Programming Language's listings as a book, counted and explained.
examples/tspl/run.sh
# The guide, as CI checks a book: from the cache the build above filled.
.build/debug/primedoc check docs-src
