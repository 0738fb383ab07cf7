#!/usr/bin/env bash
# `make bench`:
# 0. the salesperson's clicks (generate project, convert, status, save) beside
#    the closest stock actions, as ratios (BENCH_CLICKS=0 skips them,
#    CLICKS_ONLY=1 runs only them);
# 1. the public FEBRL sets (dataset2, dataset4a+4b) loaded as partners: this
#    suite's duplicate check beside Splink 5 and Odoo's stock grouping;
# 2. a database with the addons and PARTNERS generated partners (default
#    1,000,000): bench_dedup.py (check, stock, typing, merge),
#    bench_merge_undo.py (merge with its journal, then undo), Splink on the
#    same partners, and salespeople's saves during a check (BENCH_SAVES=0
#    skips them), the incremental check and the import report
#    (bench_incremental.py, bench_import.py); then the side-by-side table.
# The databases are dropped at the end (KEEP_BENCH_DB=1 keeps them).
# FEBRL_ONLY=1 runs part 1 only. One heavy process at a time.
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
PARTNERS="${PARTNERS:-1000000}"
DB="${BENCH_DB:-bench_dedup}"
FEBRL_DB="bench_febrl"

bash "$ROOT/scripts/bootstrap.sh"
pg_was_running=no
[ -S "$PGHOST_DIR/.s.PGSQL.$PGPORT" ] && pg_was_running=yes
bash "$ROOT/scripts/pg.sh" start
made_db=no  # a run that stops before loading $DB (FEBRL_ONLY) leaves it alone
cleanup() {
    if [ "${KEEP_BENCH_DB:-0}" != 1 ]; then
        [ "$made_db" = no ] || drop_db "$DB"
        drop_db "$FEBRL_DB"
    fi
    [ "$pg_was_running" = yes ] || bash "$ROOT/scripts/pg.sh" stop
}
trap cleanup EXIT
conf="$RUN_DIR/odoo-bench.conf"
bash "$ROOT/scripts/odoo-conf.sh" "$conf" 8269 no
TEMPLATE="$(bash "$ROOT/scripts/template.sh")"
results="$RUN_DIR/bench-results"
rm -rf "$results"; mkdir -p "$results"
cd "$ROOT"

if [ "${BENCH_CLICKS:-1}" = 1 ]; then
    echo "==> the salesperson's clicks beside the closest stock actions"
    "$VENV/bin/python" bench/bench_clicks.py
fi
[ "${CLICKS_ONLY:-0}" = 1 ] && exit 0

echo "==> FEBRL (public labelled data): this suite"
drop_db "$FEBRL_DB"; clone_db "$TEMPLATE" "$FEBRL_DB"
"$VENV/bin/python" bench/bench_febrl.py -c "$conf" -d "$FEBRL_DB" --json "$results/febrl-ours.json"
echo "==> FEBRL: Splink 5 in its own virtual environment"
splink_py="$(bash bench/splink_env.sh | tail -1)"
"$splink_py" bench/splink_peer.py --febrl dataset2.csv | tail -1 > "$results/febrl2-splink.json"
"$splink_py" bench/splink_peer.py --febrl dataset4a.csv,dataset4b.csv | tail -1 \
    > "$results/febrl4-splink.json"
"$VENV/bin/python" bench/side_by_side.py "$results"/febrl*.json
[ "${FEBRL_ONLY:-0}" = 1 ] && exit 0

drop_db "$DB"
echo "==> $DB: copy of the test template $TEMPLATE"
made_db=yes
clone_db "$TEMPLATE" "$DB"
echo "==> generating $PARTNERS partners"
"$VENV/bin/python" bench/generate_partners.py -c "$conf" -d "$DB" --partners "$PARTNERS"
echo "==> benchmarks"
"$VENV/bin/python" bench/bench_dedup.py -c "$conf" -d "$DB" --json "$results/generated-ours.json" \
    --export-csv "$results/population.csv" "$@"
echo "==> merge with the merge journal, then undo"
"$VENV/bin/python" bench/bench_merge_undo.py -c "$conf" -d "$DB"
echo "==> Splink 5 on the same generated partners"
"$splink_py" bench/splink_peer.py --csv "$results/population.csv" | tail -1 \
    > "$results/generated-splink.json"
rm -f "$results/population.csv"
if [ "${BENCH_SAVES:-1}" = 1 ]; then
    echo "==> salespeople's saves during a check over every partner"
    "$VENV/bin/python" bench/bench_saves_during_check.py -c "$conf" -d "$DB"
fi
echo "==> duplicates kept out: the incremental check, the import report"
"$VENV/bin/python" bench/bench_incremental.py -c "$conf" -d "$DB"
"$VENV/bin/python" bench/bench_import.py -c "$conf" -d "$DB"
echo "==> side by side"
"$VENV/bin/python" bench/side_by_side.py "$results"/*.json
