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
TEMPLATE="$(bash "$ROOT/scripts/template.sh")"

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
# arguments, if any, choose what to run (paths, -k ...); by default everything
[ $# -gt 0 ] || set -- $(echo "$OUR_MODULES" | tr , ' ') tests
"$VENV/bin/python" -m pytest --odoo-config="$conf" --odoo-database="$TESTDB" "$@"
rc=$?
set -e
exit $rc
