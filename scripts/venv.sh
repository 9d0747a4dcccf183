#!/usr/bin/env bash
# Creates .venv (if needed) and installs the project into it, editable, with the given extras.
# Usage: venv.sh [EXTRAS]   e.g. venv.sh test,package
set -euo pipefail
cd "$(dirname "$0")/.."
extras=${1:-}
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
spec="."
[ -n "$extras" ] && spec=".[$extras]"
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >&2
.venv/bin/python -m pip install -q --disable-pip-version-check -e "$spec" >&2
