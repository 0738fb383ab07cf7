#!/usr/bin/env bash
# `make test`: every test of the addons and of tests/, against a copy of a
# template database that is built once for the current sources.
set -euo pipefail
source "$(dirname "$0")/env.sh"

bash "$ROOT/scripts/bootstrap.sh"
pg_was_running=no
[ -S "$PGHOST_DIR/.s.PGSQL.$PGPORT" ] && pg_was_running=yes
PG_FSYNC=off bash "$ROOT/scripts/pg.sh" start

conf="$RUN_DIR/odoo-test.conf"
bash "$ROOT/scripts/odoo-conf.sh" "$conf" 8169 no
TEMPLATE="tpl_$(sources_digest)"
if ! db_exists "$TEMPLATE"; then
    for old in $(psql_q -c "SELECT datname FROM pg_database WHERE datname LIKE 'tpl\_%'"); do
        drop_db "$old"
    done
    echo "==> building the test template $TEMPLATE ($BASE_MODULES,$OUR_MODULES)"
    start=$(date +%s)
    install_db "$conf" "$TEMPLATE" "$BASE_MODULES,$OUR_MODULES" "$RUN_DIR/$TEMPLATE-install.log"
    echo "==> template built in $(( $(date +%s) - start )) s"
fi

TESTDB="test_$$"
clone_db "$TEMPLATE" "$TESTDB"
cleanup() {
    drop_db "$TESTDB"
    [ "$pg_was_running" = yes ] || bash "$ROOT/scripts/pg.sh" stop
}
trap cleanup EXIT
export PROSPECTS_TEMPLATE_DB="$TEMPLATE" PROSPECTS_ODOO_CONF="$conf" PROSPECTS_ROOT="$ROOT"

cd "$ROOT"
set +e
"$VENV/bin/python" -m pytest --odoo-config="$conf" --odoo-database="$TESTDB" \
    $(echo "$OUR_MODULES" | tr , ' ') tests "$@"
rc=$?
set -e
exit $rc
