"""Packaging test helpers: where the bundle is, and packaging/release_steps.py (the smoke run,
checksums and glibc floor that packaging/build.sh uses) loaded as a module."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "packaging" / "dist"
BUNDLE_BINARY = DIST / "tokenexplorer" / "tokenexplorer"


def _load_release_steps():
    spec = importlib.util.spec_from_file_location(
        "release_steps", ROOT / "packaging" / "release_steps.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["release_steps"] = module
    spec.loader.exec_module(module)
    return module


release_steps = sys.modules.get("release_steps") or _load_release_steps()
unexpected_stderr = release_steps.unexpected_stderr
smoke_env = release_steps.smoke_env


def run_smoke(
    command: list[str], tmp_path: Path, timeout: float = 120
) -> subprocess.CompletedProcess:
    return release_steps.run_smoke(command, tmp_path, timeout)
