#!/usr/bin/env bash
# Re-exports ADDON/i18n/ADDON.pot from a copy of the test template and rewrites
# ADDON/i18n/fr.po from it (scripts/i18n_merge_fr.py), adding the French terms
# of TRANSLATIONS.json if given. usage: i18n_export.sh ADDON [TRANSLATIONS.json]
set -euo pipefail
source "$(dirname "$0")/env.sh"
addon="$1"; shift
bash "$ROOT/scripts/pg.sh" start >/dev/null
template="$(bash "$ROOT/scripts/template.sh")"
db="i18n_$$"
clone_db "$template" "$db"
trap 'drop_db "$db"' EXIT
odoo -c "$RUN_DIR/odoo-test.conf" -d "$db" --i18n-export="$RUN_DIR/$addon.po" --modules="$addon" \
    --stop-after-init --log-level=warn
mv "$RUN_DIR/$addon.po" "$ROOT/$addon/i18n/$addon.pot"
"$VENV/bin/python" "$ROOT/scripts/i18n_merge_fr.py" "$addon" "$@"
