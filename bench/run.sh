#!/usr/bin/env bash
# `make bench`: a database with the addons and PARTNERS generated partners
# (default 1,000,000), the benchmarks of bench_dedup.py and of salespeople's
# saves during a check (BENCH_SAVES=0 skips them), then the database is
# dropped (KEEP_BENCH_DB=1 keeps it). One heavy process at a time.
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
PARTNERS="${PARTNERS:-1000000}"
DB="${BENCH_DB:-bench_dedup}"

bash "$ROOT/scripts/bootstrap.sh"
pg_was_running=no
[ -S "$PGHOST_DIR/.s.PGSQL.$PGPORT" ] && pg_was_running=yes
bash "$ROOT/scripts/pg.sh" start
cleanup() {
    [ "${KEEP_BENCH_DB:-0}" = 1 ] || drop_db "$DB"
    [ "$pg_was_running" = yes ] || bash "$ROOT/scripts/pg.sh" stop
}
trap cleanup EXIT
conf="$RUN_DIR/odoo-bench.conf"
bash "$ROOT/scripts/odoo-conf.sh" "$conf" 8269 no

drop_db "$DB"
TEMPLATE="tpl_$(sources_digest)"
if db_exists "$TEMPLATE"; then
    echo "==> $DB: copy of the test template $TEMPLATE"
    clone_db "$TEMPLATE" "$DB"
else
    echo "==> $DB: installing $BASE_MODULES,$OUR_MODULES"
    install_db "$conf" "$DB" "$BASE_MODULES,$OUR_MODULES" "$RUN_DIR/$DB-install.log"
fi
cd "$ROOT"
echo "==> generating $PARTNERS partners"
"$VENV/bin/python" bench/generate_partners.py -c "$conf" -d "$DB" --partners "$PARTNERS"
echo "==> benchmarks"
"$VENV/bin/python" bench/bench_dedup.py -c "$conf" -d "$DB" "$@"
if [ "${BENCH_SAVES:-1}" = 1 ]; then
    echo "==> salespeople's saves during a check over every partner"
    "$VENV/bin/python" bench/bench_saves_during_check.py -c "$conf" -d "$DB"
fi
