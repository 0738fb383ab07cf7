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
    install_db "$conf" "$TEMPLATE" "$BASE_MODULES,$OUR_MODULES" "$RUN_DIR/$TEMPLATE-install.log" >&2
    echo "==> template built in $(( $(date +%s) - start )) s" >&2
fi
echo "$TEMPLATE"
