#!/usr/bin/env bash
# Installs Debian packages (with sudo when not root): what the other scripts call
# when something primedoc or its tests need is missing.
set -euo pipefail
echo "setup: installing $*" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
