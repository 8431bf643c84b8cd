#!/usr/bin/env bash
# Re-resolve every dependency (newest releases allowed by pyproject.toml) in a scratch venv,
# and write the versions to constraints.txt, which ./run and ./test install. Run the suite
# afterwards (./test) and commit constraints.txt only if it passes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
"${PYTHON:-python3}" -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install -q --upgrade pip
"$scratch/venv/bin/python" -m pip install -q "$ROOT[test,dev]"
{
    echo "# Versions the test suite passed with; refresh with scripts/refresh_constraints.sh"
    "$scratch/venv/bin/python" -m pip freeze --exclude-editable | grep -iv '^board-app' | sort -f
} > "$ROOT/constraints.txt"
echo "wrote constraints.txt; now run ./test"
