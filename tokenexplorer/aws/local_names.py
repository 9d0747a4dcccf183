"""S3 keys turned into local file names that are safe on Linux, macOS and Windows.

An S3 key is any UTF-8 string chosen by whoever wrote the object: `..`, `C:\\x`,
`\\\\host\\share\\x`, `CON.txt`, a right-to-left override or a 2,000-byte segment are all valid
keys. Every download path names its files through `safe_component` (one path segment) and
`safe_relative_parts` (a key below a folder, for folder downloads), then places them with
`inside`, which checks the resolved result is still in the chosen folder.

Rules (the union of the three systems', so a name made here works on each):
- `/` separates key segments; a backslash is an ordinary character in S3 but a separator on
  Windows, so it is replaced, as are Windows' other forbidden characters `<>:"|?*` (the colon
  also keeps drive letters `C:` and NTFS streams `a:b` out).
- Control characters (C0, DEL, C1), format characters (bidi overrides and isolates,
  zero-width), private-use and lone surrogates are replaced: they hide what a name says.
- Trailing dots and spaces (Windows drops them, so `a.` would become `a`) and leading spaces
  are removed; `.`, `..` and empty segments become "unnamed".
- Windows' reserved device names (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with superscript
  digits, CONIN$, CONOUT$), with or without an extension, get a leading underscore.
- At most 255 bytes of UTF-8 (at most 255 UTF-16 units too), keeping the extension.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

MAX_NAME_BYTES = 255
UNNAMED = "unnamed"
_REPLACEMENT = "_"
_FORBIDDEN = set('<>:"/\\|?*')
_BAD_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
_DIGITS = "0123456789¹²³"
_RESERVED = (
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{d}" for d in _DIGITS}
    | {f"LPT{d}" for d in _DIGITS}
)
_MAX_EXTENSION_CHARS = 16  # a longer "extension" is just the end of a long name


class UnsafeName(ValueError):
    """A local path that would land outside the folder the user chose."""


def _clean_char(char: str) -> str:
    if char in _FORBIDDEN or unicodedata.category(char) in _BAD_CATEGORIES:
        return _REPLACEMENT
    return char


def _is_reserved(name: str) -> bool:
    # Windows ignores everything from the first dot, and spaces before it: "con .txt.gz".
    stem = name.split(".", 1)[0].rstrip(" ")
    return stem.upper() in _RESERVED


def _trim(name: str) -> str:
    return name.lstrip(" ").rstrip(". ")


def _fit_bytes(name: str, limit: int) -> str:
    """`name` cut to `limit` UTF-8 bytes, keeping a short extension and whole characters."""
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > _MAX_EXTENSION_CHARS:
        stem, extension = name, ""
    tail = "." + extension if extension else ""
    room = limit - len(tail.encode("utf-8"))
    cut = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return _trim(cut) + tail


def safe_component(segment: str, limit: int = MAX_NAME_BYTES) -> str:
    """One key segment as a file or folder name that every supported system accepts and
    that names only itself (never a parent, a drive, a device or a path)."""
    name = unicodedata.normalize("NFC", segment)
    name = _trim("".join(_clean_char(c) for c in name))
    if name in ("", ".", ".."):
        name = UNNAMED
    if _is_reserved(name):
        name = _REPLACEMENT + name
    name = _fit_bytes(name, limit)
    if not name or name in (".", "..") or _is_reserved(name):
        name = UNNAMED
    return name


def file_name_for_key(key: str) -> str:
    """The local name of a single downloaded object: its last key segment, made safe."""
    segments = [s for s in key.split("/") if s]
    return safe_component(segments[-1] if segments else "")


def safe_relative_parts(key: str, base_prefix: str) -> list[str]:
    """The path of `key` below `base_prefix`, one safe name per segment (empty segments
    from `a//b` are dropped), for folder downloads that keep their structure."""
    relative = key[len(base_prefix):] if key.startswith(base_prefix) else key
    parts = [safe_component(s) for s in relative.split("/") if s]
    return parts or [UNNAMED]


def inside(folder: Path | str, parts: list[str]) -> Path:
    """`folder` joined with `parts`, refused (UnsafeName) unless the resolved result, links
    followed, is inside the resolved `folder`."""
    base = Path(folder).resolve()
    target = base.joinpath(*parts)
    resolved = Path(os.path.realpath(target))
    if resolved == base or not resolved.is_relative_to(base):
        raise UnsafeName(f"{'/'.join(parts)} would be written outside {base}.")
    return target
