#!/usr/bin/env bash
# The project's private PostgreSQL 15 cluster: `pg.sh start` creates it on
# first use (inside .run/, git-ignored) and starts it; `pg.sh stop` stops it.
# It listens on a unix socket only, never on a network interface.
set -euo pipefail
source "$(dirname "$0")/env.sh"

as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    mkdir -p "$PGHOST_DIR" "$PGDATA_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PGHOST_DIR" "$PGDATA_DIR" && chmod 700 "$PGDATA_DIR"
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        echo "==> initdb $PGDATA_DIR"
        as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
        cat >> "$PGDATA_DIR/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PGHOST_DIR'
port = $PGPORT
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 256MB
max_connections = 200
fsync = ${PG_FSYNC:-on}
synchronous_commit = off
full_page_writes = ${PG_FSYNC:-on}
CONF
    fi
    if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
        as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 start >/dev/null
        echo "==> PostgreSQL started (socket $PGHOST_DIR, port $PGPORT)"
    fi
}

stop() {
    if [ -f "$PGDATA_DIR/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
        as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
        echo "==> PostgreSQL stopped"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
