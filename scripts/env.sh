# Shared settings of the project's scripts (sourced, not run).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PGPORT="${PGPORT:-55432}"
PGHOST_DIR="$ROOT/.run/pgsocket"
PGDATA_DIR="$ROOT/.run/pgdata"
export PGHOST="$PGHOST_DIR" PGPORT PGUSER="odoo" PGDATABASE="postgres"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
ODOO_PY="$VENV/bin/python"
RUN_DIR="$ROOT/.run"
# The cluster runs as the postgres user when we are root: it must reach the
# folder. When the checkout sits where it cannot, keep the cluster outside.
if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1 \
        && ! runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
    RUN_DIR="/var/tmp/prospects-$(printf %s "$ROOT" | sha1sum | cut -c1-10)"
fi
PGHOST_DIR="$RUN_DIR/pgsocket"
PGDATA_DIR="$RUN_DIR/pgdata"
export PGHOST="$PGHOST_DIR"
# The modules of the product database and of the test template.
BASE_MODULES="crm,contacts,project,mass_mailing"
OUR_MODULES="$(cd "$ROOT" && ls -d */__manifest__.py 2>/dev/null | cut -d/ -f1 | paste -sd, -)"

odoo() { "$ODOO_PY" "$ROOT/scripts/odoo-bin" "$@"; }
psql_q() { psql -X -q -t -A "$@"; }
db_exists() { [ "$(psql_q -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }
# A digest of the addons' sources and the pins: a database built from other
# sources is rebuilt or upgraded.
sources_digest() {
    (cd "$ROOT" && find $(echo "$OUR_MODULES" | tr , ' ') requirements -type f \
        ! -name '*.pyc' ! -path '*/__pycache__/*' ! -path '*/tests/*' -print0 | sort -z \
        | xargs -0 sha1sum) | sha1sum | cut -c1-10
}
# Installs MODULES into a new database DB, logging to LOG; fails on any ERROR line.
install_db() {
    local conf="$1" db="$2" modules="$3" log="$4"; shift 4
    rm -f "$log"
    odoo -c "$conf" -d "$db" -i "$modules" --stop-after-init --logfile="$log" --log-level=info "$@" \
        || { tail -50 "$log" >&2; return 1; }
    if grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$log" >&2; then
        echo "!! the install log $log has ERROR lines" >&2; return 1
    fi
}
# Copies database SRC (and its filestore) into a new database DST.
clone_db() {
    createdb -T "$1" "$2"
    if [ -d "$RUN_DIR/filestore/filestore/$1" ]; then
        mkdir -p "$RUN_DIR/filestore/filestore"
        cp -a "$RUN_DIR/filestore/filestore/$1" "$RUN_DIR/filestore/filestore/$2"
    fi
}
drop_db() {
    dropdb --if-exists "$1"
    rm -rf "$RUN_DIR/filestore/filestore/$1"
}
