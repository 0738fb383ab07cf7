#!/usr/bin/env bash
# `make run`: set up what is missing, then serve the demo database on
# http://127.0.0.1:8069 until Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/env.sh"
DB="${PROSPECTS_DB:-prospects}"
PORT="${PROSPECTS_PORT:-8069}"

bash "$ROOT/scripts/bootstrap.sh"
bash "$ROOT/scripts/pg.sh" start
trap 'bash "$ROOT/scripts/pg.sh" stop' EXIT
conf="$RUN_DIR/odoo-run.conf"
bash "$ROOT/scripts/odoo-conf.sh" "$conf" "$PORT" yes
digest_file="$RUN_DIR/$DB.digest"

if ! db_exists "$DB"; then
    echo "==> creating database $DB with the addons and demo prospects (about 2 minutes)"
    install_db "$conf" "$DB" "$BASE_MODULES,$OUR_MODULES" "$RUN_DIR/$DB-install.log" --load-language=fr_FR
    sources_digest > "$digest_file"
elif [ "$(sources_digest)" != "$(cat "$digest_file" 2>/dev/null)" ]; then
    echo "==> the addons changed: upgrading them in $DB"
    odoo -c "$conf" -d "$DB" -u "$OUR_MODULES" -i "$OUR_MODULES" --stop-after-init \
        --logfile="$RUN_DIR/$DB-upgrade.log"
    sources_digest > "$digest_file"
fi

cat <<MSG

  Prospects for Odoo is served on http://127.0.0.1:$PORT
  Log in as admin / admin (English, administrator)
        or camille / camille (French, salesperson).
  CRM > Prospects. Ctrl-C stops it.

MSG
odoo -c "$conf" -d "$DB" --db-filter="^$DB\$" --log-level=warn
