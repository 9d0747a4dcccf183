"""Packaging test helpers: where the bundle is, how to run a smoke test, what stderr may say."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "packaging" / "dist"
BUNDLE_BINARY = DIST / "tokenexplorer" / "tokenexplorer"

# stderr lines Qt's offscreen platform prints on every run; anything else on stderr of a
# smoke test is a problem (a Qt plugin or library that failed to load, an import error...).
BENIGN_STDERR = (re.compile(r"^This plugin does not support propagateSizeHints\(\)$"),)


def unexpected_stderr(stderr: str) -> list[str]:
    return [
        line
        for line in stderr.splitlines()
        if line.strip() and not any(p.search(line) for p in BENIGN_STDERR)
    ]


def smoke_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["TOKENEXPLORER_CONFIG_DIR"] = str(tmp_path / "config")
    env["TOKENEXPLORER_CACHE_DIR"] = str(tmp_path / "cache")
    env.pop("QT_DEBUG_PLUGINS", None)
    return env


def run_smoke(
    command: list[str], tmp_path: Path, timeout: float = 120
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=smoke_env(tmp_path),
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
    )

