#!/usr/bin/env bash
# The whole check: install with the test extras into .venv, then format check,
# lint, types (mypy strict on src/), the layering contract and the test suite.
# Any failure stops the script with a non-zero status.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/venv.sh test
bin="${ZO_READER_VENV:-$root/.venv}/bin"

echo "== ruff format --check"
"$bin/ruff" format --check src tests bench scripts
echo "== ruff check"
"$bin/ruff" check src tests bench scripts
echo "== mypy --strict src"
"$bin/mypy" src
echo "== lint-imports (core imports neither UI, CLI, Textual nor Rich)"
"$bin/lint-imports"
echo "== pytest"
"$bin/python" -m pytest "$@"
