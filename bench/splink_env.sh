#!/usr/bin/env bash
# The virtual environment of the Splink peer benchmark (bench/splink_peer.py):
# <RUN_DIR>/splink-venv on Python 3.11 from pyenv (else 3.12, 3.13), with the
# pins of bench/splink-requirements.txt. A stamp holding the pins' sha1 makes
# a second run return at once. Progress goes to stderr; the last stdout line
# is the venv's python, so callers can do: py=$(bash bench/splink_env.sh | tail -1)
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
REQUIREMENTS="$ROOT/bench/splink-requirements.txt"
SPLINK_VENV="$RUN_DIR/splink-venv"
STAMP="$SPLINK_VENV/.requirements.sha1"

# The newest installed pyenv release of Python MINOR (e.g. 3.11), preferring
# the exact release PREFERRED; nothing when there is none.
pyenv_python() {
    local minor="$1" preferred="$2" version
    command -v pyenv >/dev/null || return 0
    if PYENV_VERSION="$preferred" pyenv which python 2>/dev/null; then return 0; fi
    version="$(pyenv versions --bare 2>/dev/null | grep -E "^${minor//./\\.}\.[0-9]+$" \
        | sort -t. -k3,3n | tail -1 || true)"
    [ -z "$version" ] || PYENV_VERSION="$version" pyenv which python 2>/dev/null || true
}

# Python 3.11, else 3.12 or 3.13: Splink 5 needs 3.10 or later.
base_python() {
    local py
    py="$(pyenv_python 3.11 3.11.7)"
    [ -n "$py" ] || py="$(pyenv_python 3.12 3.12.1)"
    [ -n "$py" ] || py="$(pyenv_python 3.13 3.13.0)"
    [ -n "$py" ] || py="$(command -v python3.11 || command -v python3.12 || command -v python3.13 || true)"
    [ -n "$py" ] || { echo "!! no Python 3.11, 3.12 nor 3.13 (pyenv install 3.11.7)" >&2; return 1; }
    echo "$py"
}

digest="$(sha1sum "$REQUIREMENTS" | cut -c1-40)"
if [ -x "$SPLINK_VENV/bin/python" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$digest" ]; then
    echo "$SPLINK_VENV/bin/python"
    exit 0
fi
py="$(base_python)"
echo "==> Splink's virtual environment $SPLINK_VENV ($("$py" --version 2>&1))" >&2
rm -rf "$SPLINK_VENV"
mkdir -p "$RUN_DIR"
"$py" -m venv "$SPLINK_VENV"
"$SPLINK_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$REQUIREMENTS" >&2
"$SPLINK_VENV/bin/python" -c "import splink, duckdb" >&2
echo "$digest" > "$STAMP"
echo "$SPLINK_VENV/bin/python"
