#!/usr/bin/env bash
# Builds, once for the current sources, the template database that tests and
# benchmarks copy; prints its name. Expects PostgreSQL to be running.
set -euo pipefail
source "$(dirname "$0")/env.sh"
conf="$RUN_DIR/odoo-test.conf"
bash "$ROOT/scripts/odoo-conf.sh" "$conf" 8169 no
TEMPLATE="tpl_$(sources_digest)"
if ! db_exists "$TEMPLATE"; then
    for old in $(psql_q -c "SELECT datname FROM pg_database WHERE datname LIKE 'tpl\_%'"); do
        drop_db "$old"
    done
    echo "==> building the test template $TEMPLATE ($BASE_MODULES,$OUR_MODULES)" >&2
    start=$(date +%s)
    # built under another name, renamed once complete: a build that fails or
    # is interrupted never leaves a template that the next run would reuse
    building="${TEMPLATE}_building"
    drop_db "$building"
    install_db "$conf" "$building" "$BASE_MODULES,$OUR_MODULES" "$RUN_DIR/$TEMPLATE-install.log" >&2
    psql_q -c "ALTER DATABASE \"$building\" RENAME TO \"$TEMPLATE\""
    if [ -d "$RUN_DIR/filestore/filestore/$building" ]; then
        mv "$RUN_DIR/filestore/filestore/$building" "$RUN_DIR/filestore/filestore/$TEMPLATE"
    fi
    echo "==> template built in $(( $(date +%s) - start )) s" >&2
fi
echo "$TEMPLATE"
