"""Path traversal through S3 keys: whatever the key, the local name stays in the chosen
folder under Windows rules as well as POSIX ones, and names no device, drive or parent."""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tokenexplorer.aws.local_names import (
    MAX_NAME_BYTES,
    UNNAMED,
    UnsafeName,
    file_name_for_key,
    inside,
    safe_component,
    safe_relative_parts,
)

HOSTILE = ["/", "\\", ".", "..", ":", "C:", "\\\\", " ", "\x00", "\x1b", "\x85", "\u202e",
           "\u2066", "\u200b", "CON", "nul", "COM1", "LPT¹", "aux", ".txt", "é", "𝔘", "*", "?"]
keys = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40)),
                max_size=12).map("".join)
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                    *(f"{d}{n}" for d in ("COM", "LPT") for n in "0123456789¹²³")}


def assert_portable(part: str) -> None:
    assert part and part not in (".", "..")
    assert len(part.encode("utf-8")) <= MAX_NAME_BYTES
    assert len(part.encode("utf-16-le")) // 2 <= MAX_NAME_BYTES
    assert not set(part) & set('<>:"/\\|?*')
    assert not any(unicodedata.category(c) in {"Cc", "Cf", "Co", "Cs"} for c in part)
    assert part == part.rstrip(". ") and part == part.lstrip(" ")
    assert part.split(".", 1)[0].rstrip(" ").upper() not in WINDOWS_RESERVED
    for flavour in (PureWindowsPath, PurePosixPath):
        path = flavour(part)
        assert path.parts == (part,) and not path.anchor and path.name == part
    assert not PureWindowsPath(part).is_reserved()


@settings(max_examples=400, deadline=None)
@given(key=keys, base=st.sampled_from(["", "a/", "../", "C:\\"]))
@example(key="..\\..\\Windows\\System32\\evil.dll", base="")
@example(key="C:\\Users\\x\\AppData\\Roaming\\run.bat", base="")
@example(key="\\\\host\\share\\x.exe", base="")
@example(key="a/../../../etc/passwd", base="a/")
@example(key="CON.txt", base="")
@example(key="invoice\u202etxt.exe", base="")
def test_path_traversal_key_never_escapes_the_folder_windows_or_posix(key, base):
    parts = safe_relative_parts(key, base)
    for part in parts:
        assert_portable(part)
    for flavour, folder in ((PureWindowsPath, "C:\\Users\\me\\Downloads"),
                            (PureWindowsPath, "\\\\server\\share\\dl"),
                            (PurePosixPath, "/home/me/Downloads")):
        root = flavour(folder)
        joined = root.joinpath(*parts)
        assert joined.parts[:len(root.parts)] == root.parts
        assert len(joined.parts) == len(root.parts) + len(parts)
        assert joined.drive == root.drive


@settings(max_examples=200, deadline=None)
@given(key=keys)
def test_path_traversal_single_file_name_is_one_portable_name(key):
    assert_portable(file_name_for_key(key))


@pytest.mark.parametrize(("segment", "expected"), [
    ("report.csv", "report.csv"),
    ("..", UNNAMED), (".", UNNAMED), ("", UNNAMED), ("...", UNNAMED), ("   ", UNNAMED),
    ("C:", "C_"), ("a\\b", "a_b"), ("name. . ", "name"), (" lead", "lead"),
    ("CON", "_CON"), ("con.txt", "_con.txt"), ("Nul .tar.gz", "_Nul .tar.gz"),
    ("COM¹.log", "_COM¹.log"), ("LPT9", "_LPT9"), ("console", "console"),
    ("invoice\u202etxt.exe", "invoice_txt.exe"), ("bell\x07\x1b[2J", "bell__[2J"),
    ("c1\x85\x9b", "c1__"), ("zero\u200bwidth", "zero_width"),
])
def test_reserved_and_hostile_segments(segment, expected):
    assert safe_component(segment) == expected


def test_long_names_keep_their_extension_within_255_bytes():
    name = safe_component("é" * 300 + ".tar.gz")
    assert name.endswith(".gz") and len(name.encode()) <= 255
    assert safe_component("x" * 400).startswith("x") and len(safe_component("x" * 400)) == 255
    assert len(safe_component("🙂" * 100 + ".txt").encode()) <= 255  # whole characters
    assert safe_component("a" * 300 + "." + "b" * 40).startswith("aaa")  # not an extension


def test_path_traversal_through_a_link_in_the_folder_is_refused(tmp_path):
    (tmp_path / "outside").mkdir()
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "link").symlink_to(tmp_path / "outside")
    assert inside(dest, ["a", "b.txt"]) == dest.resolve() / "a" / "b.txt"
    with pytest.raises(UnsafeName):
        inside(dest, ["link", "x.txt"])
    with pytest.raises(UnsafeName):
        inside(dest, [".."])  # only safe_component's names are expected, but still
