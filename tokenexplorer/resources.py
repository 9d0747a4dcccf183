"""The one way to find bundled resources: frozen (PyInstaller), installed wheel, or source tree."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any


@functools.cache
def resource_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    installed = Path(__file__).with_name("_resources")  # wheel: force-included copy
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "resources"  # source checkout / editable


def resource_path(*parts: str) -> Path:
    path = resource_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {'/'.join(parts)} (looked in {path})")
    return path


def read_text(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")


@functools.cache
def load_json(*parts: str) -> Any:
    return json.loads(read_text(*parts))
