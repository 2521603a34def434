#!/usr/bin/env bash
# Make sure a Java runtime 17 or later is there for the Spark tests (tests/test_spark.py;
# PySpark 4 needs 17); print its path. Installs Debian's OpenJDK 17 headless runtime (or the
# default one) when no java of 17 or later is on PATH (root or sudo needed, never a password
# prompt).
set -euo pipefail
major() { java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -1; }
if ! command -v java >/dev/null 2>&1 || [ "$(major)" -lt 17 ] 2>/dev/null; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    $SUDO apt-get update -qq >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >&2 \
        || $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >&2
fi
[ "$(major)" -ge 17 ] || { echo "java $(major) is older than 17" >&2; exit 1; }
command -v java
