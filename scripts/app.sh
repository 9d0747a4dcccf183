#!/usr/bin/env bash
# Installs Token Explorer (system libraries + .venv) and starts it.
# With nothing configured it opens on a sample token and offers the embedded sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh app
bash scripts/venv.sh
exec .venv/bin/tokenexplorer "$@"
