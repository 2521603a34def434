#!/usr/bin/env bash
# Make sure a Java runtime (17 or later) is there for the Spark tests (tests/test_spark.py);
# print its path. Installs Debian's default headless JRE when no java is on PATH (root or
# sudo needed, never a password prompt).
set -euo pipefail
if ! command -v java >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    $SUDO apt-get update -qq >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >&2
fi
command -v java
