#!/usr/bin/env bash
# Installs everything the tests need (system libraries, a Secret Service, .venv with the test
# extras) and runs the whole suite: lint, then pytest with the window tests offscreen and the
# keyring tests against a real gnome-keyring in a private D-Bus session. Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh test
bash scripts/venv.sh test,package,bench

.venv/bin/ruff check tokenexplorer tests benchmarks packaging
.venv/bin/actionlint -no-color .github/workflows/*.yml
# Types: mypy over tokenexplorer/ (files and options in pyproject's [tool.mypy]); an
# error fails the run (set -e).
.venv/bin/mypy

export QT_QPA_PLATFORM=offscreen
# Nothing may skip for want of a tool, library or service: a skip fails, naming what is missing.
export TE_STRICT_TESTS=1
export TE_TEST_HOME
TE_TEST_HOME=$(mktemp -d)
trap 'rm -rf "$TE_TEST_HOME"' EXIT
# A private session bus with an unlocked keyring; HOME is temporary so nothing of the
# user's (keyrings, settings) is touched.
HOME="$TE_TEST_HOME" dbus-run-session -- bash -c '
  echo -n test-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec .venv/bin/python -m pytest "$@"
' pytest-under-keyring "$@"
