#!/usr/bin/env bash
# Writes an Odoo configuration for the run and test commands.
# usage: odoo-conf.sh OUTPUT_FILE HTTP_PORT DEMO(yes|no)
set -euo pipefail
source "$(dirname "$0")/env.sh"
out="$1"; port="${2:-8069}"; demo="${3:-no}"
mkdir -p "$(dirname "$out")" "$RUN_DIR/filestore"
without_demo=all; [ "$demo" = yes ] && without_demo=False
cat > "$out" <<CONF
[options]
addons_path = $ROOT
data_dir = $RUN_DIR/filestore
db_host = $PGHOST_DIR
db_port = $PGPORT
db_user = odoo
db_password = False
http_interface = 127.0.0.1
http_port = $port
longpolling_port = $((port + 3))
admin_passwd = admin
without_demo = $without_demo
max_cron_threads = 1
# OCA's job queue runs the duplicate checks: its job runner starts with the
# server (a server-wide module) and runs at most two checks at once.
server_wide_modules = web,queue_job

[queue_job]
channels = root:2,root.prospect_dedup:2
CONF
