#!/usr/bin/env bash
# A throwaway local PostgreSQL for tests and benchmarks: listens on 127.0.0.1 only, trust auth.
#   scripts/postgres.sh start   → starts it (if not running) and prints its URL
#   scripts/postgres.sh url     → prints the URL of the running server
#   scripts/postgres.sh stop    → stops it and deletes its data
#   scripts/postgres.sh fresh N → (re)creates an empty database N on it and prints its URL
# PGROOT (default /tmp/arcflux-pg-<uid>-<hash of this checkout>) holds the data and the port.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="${PGROOT:-/tmp/arcflux-pg-$(id -u)-$(printf %s "$here" | cksum | cut -d' ' -f1)}"
data="$root/data"

bindir() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
        return
    fi
    local found
    found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    [ -n "$found" ] || { echo "postgres.sh: PostgreSQL is not installed" >&2; exit 1; }
    echo "$found"
}

# PostgreSQL refuses to run as root: run its tools as the postgres user then.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

url() {
    echo "postgresql+asyncpg://postgres@127.0.0.1:$(cat "$root/port")/postgres"
}

start() {
    local bin port
    bin="$(bindir)"
    if [ -f "$root/port" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        url
        return
    fi
    mkdir -p "$root"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir "$root" postgres
        chown postgres "$root"
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale >"$root/initdb.log"
    fi
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    echo "$port" >"$root/port"
    as_owner "$bin/pg_ctl" -D "$data" -l "$root/server.log" -w -o \
        "-h 127.0.0.1 -p $port -k $root -c synchronous_commit=off -c max_connections=200" start >/dev/null
    url
}

stop() {
    local bin
    bin="$(bindir)"
    if [ -d "$data" ]; then
        as_owner "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
    fi
    rm -rf "$root"
}

fresh() {
    local bin name="$1" port
    bin="$(dirname "$(readlink -f "$(bindir)/pg_ctl")")"  # beside the real pg_ctl, not a symlink
    port="$(cat "$root/port")"
    as_owner "$bin/dropdb" -h 127.0.0.1 -p "$port" -U postgres --if-exists --force "$name"
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
    url | sed "s#/postgres\$#/$name#"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) url ;;
    fresh) fresh "${2:?usage: $0 fresh NAME}" ;;
    *) echo "usage: $0 start|stop|url|fresh NAME" >&2; exit 2 ;;
esac
