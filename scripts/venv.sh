#!/usr/bin/env bash
# Create (or reuse) the project's virtual environment in .venv and install
# zo-reader into it, with the extras named in $1 (for example "test").
#
# Works on a fresh Debian machine with only python3 and pip: Debian's Python
# refuses `pip install` outside a virtual environment (PEP 668), and without
# the python3-venv package `python -m venv` cannot install pip into the new
# environment. Then we create it without pip and let the system pip install
# into it with `pip --python` (pip >= 22.3).
set -euo pipefail

extras="${1:-}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${ZO_READER_VENV:-$root/.venv}"
python="${PYTHON:-python3}"

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "zo-reader needs Python 3.11 or newer; $python is $("$python" --version 2>&1)." >&2
    exit 1
fi

target="."
[ -n "$extras" ] && target=".[$extras]"

if [ ! -x "$venv/bin/python" ]; then
    if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
        rm -rf "$venv"
        "$python" -m venv --without-pip "$venv"
    fi
fi

cd "$root"
if "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$target"
else
    "$python" -m pip --python "$venv/bin/python" install --quiet --disable-pip-version-check \
        -e "$target"
fi
