#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the test suite's second run; print its URL.
#
#   eval "$(.ci/postgres.sh)"     # exports SITROOM_TEST_PG_URL
#
# Installs Debian's postgresql when no server binaries are there (root or sudo needed),
# runs the cluster as the `postgres` user when started as root (PostgreSQL refuses to run
# as root), listens on 127.0.0.1 only, trusts local connections, and keeps no durability
# (fsync off): it holds test data only.
set -euo pipefail
PORT="${SITROOM_PG_PORT:-54329}"
DIR="${SITROOM_PG_DIR:-/tmp/sitroom-pg-$PORT}"

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(bindir)" ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"  # never a password prompt
    $SUDO apt-get update -qq >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
BIN="$(bindir)"
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ -f "$DIR/data/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    :  # already running (a second `make test` in one session)
else
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 >/dev/null
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
        -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >&2
fi
echo "export SITROOM_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
