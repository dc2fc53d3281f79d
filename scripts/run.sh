#!/usr/bin/env bash
# Install zo-reader into .venv (if needed) and run it; arguments are passed on.
# With no arguments it opens the bundled sample library.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/venv.sh"
exec "${ZO_READER_VENV:-$root/.venv}/bin/zo-reader" "$@"
