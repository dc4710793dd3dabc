# Sourced by scripts/test.sh: starts a throwaway PostgreSQL server on 127.0.0.1 for the test run
# and exports NEWSEVENTS_TEST_POSTGRES; the server and its data directory go when the shell exits.
# As root (CI) it first installs Debian's `postgresql` package if the server is missing. A server
# already named in NEWSEVENTS_TEST_POSTGRES is used as it is.

pg_bindir() {  # bin directory of the newest installed server, or nothing (a client-only install has no initdb)
    local initdb
    initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
    [ -z "$initdb" ] || dirname "$initdb"
}

apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends postgresql
}

pg_install() {  # quiet unless it fails
    local log status=0
    log=$(mktemp)
    # A fresh machine has no package lists: only then is the slow `apt-get update` needed.
    { apt_install || { apt-get -q update && apt_install; }; } >"$log" 2>&1 || status=$?
    [ "$status" -eq 0 ] || cat "$log" >&2
    rm -f "$log"
    return "$status"
}

as_pg() {  # postgres refuses to run as root: run as the `postgres` user then, from a directory it can read
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$PG_DIR" && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

pg_start() {
    local port
    PG_DIR=$(mktemp -d -t newsevents-pg.XXXXXX)
    trap pg_stop EXIT
    [ "$(id -u)" -ne 0 ] || chown postgres: "$PG_DIR"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_pg "$PG_BIN/initdb" --pgdata="$PG_DIR/data" --username=postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1 ||
        { cat "$PG_DIR/initdb.log" >&2; return 1; }
    # Throwaway: durability buys nothing, and without a Unix socket nothing lives outside $PG_DIR.
    cat >>"$PG_DIR/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
fsync = off
EOF
    as_pg "$PG_BIN/pg_ctl" --pgdata="$PG_DIR/data" --log="$PG_DIR/server.log" --wait start >/dev/null ||
        { cat "$PG_DIR/server.log" >&2; return 1; }
    "$PG_BIN/createdb" --host=127.0.0.1 --port="$port" --username=postgres newsevents_test
    export NEWSEVENTS_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/newsevents_test"
}

pg_stop() {
    as_pg "$PG_BIN/pg_ctl" --pgdata="$PG_DIR/data" --mode=fast --wait stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}

if [ -z "${NEWSEVENTS_TEST_POSTGRES:-}" ]; then
    if [ -z "$(pg_bindir)" ] && [ "$(id -u)" -eq 0 ]; then
        pg_install
    fi
    PG_BIN=$(pg_bindir)
    if [ -n "$PG_BIN" ]; then
        pg_start
    else
        echo "PostgreSQL is not installed, and installing it needs root (apt-get install postgresql):" \
            "tests that need a PostgreSQL server will skip." >&2
    fi
fi
