#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine: system packages
# and the Python 3.7 virtual environment with Odoo 11.0. Idempotent and quick
# when everything is already there.
set -euo pipefail
source "$(dirname "$0")/env.sh"

need_apt=()
for pkg in postgresql postgresql-contrib node-less chromium chromium-driver libpq-dev; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "==> apt-get install ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

stamp="$VENV/.installed-$(cat "$ROOT/requirements/"*.txt | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
    if [ ! -x "$VENV/bin/python" ]; then
        py37=$(PYENV_VERSION=3.7.16 pyenv which python 2>/dev/null || command -v python3.7)
        echo "==> creating virtual environment with $py37"
        "$py37" -m venv "$VENV"
    fi
    echo "==> pip install (Odoo 11.0 and pinned dependencies)"
    PIP_CONSTRAINT="$ROOT/requirements/constraints.txt" "$VENV/bin/pip" install -q \
        --disable-pip-version-check -r "$ROOT/requirements/odoo.txt" 2> >(grep -v "is ignored: it is neither" >&2)
    "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps \
        -r "$ROOT/requirements/oca.txt" 2> >(grep -v "is ignored: it is neither" >&2)
    "$VENV/bin/python" "$ROOT/scripts/prune_addons.py" "$VENV"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
fi
