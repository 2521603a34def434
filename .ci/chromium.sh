#!/usr/bin/env bash
# Make sure Debian's chromium is there for the browser tests (tests/web); print its path.
#
# Installs the package when no chromium is on PATH (root or sudo needed, never a password
# prompt). The tests drive it with Playwright's Python package; they download no browser.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    $SUDO apt-get update -qq >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
fi
command -v chromium
