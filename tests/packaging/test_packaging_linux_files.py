"""Icons, the .desktop entry and the per-user install/uninstall scripts (no build needed)."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from bundle_helpers import ROOT

from tokenexplorer.ui.qt import QtGui

PACKAGING = ROOT / "packaging"
SVG = ROOT / "resources" / "icons" / "tokenexplorer.svg"


@pytest.fixture(scope="module")
def icons(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("icons")
    subprocess.run(
        [sys.executable, str(PACKAGING / "make_icons.py"), str(SVG), str(out)],
        check=True, capture_output=True, timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    return out


def test_png_sizes_are_rendered_at_their_size(icons, qapp):
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        path = icons / "hicolor" / f"{size}x{size}" / "apps" / "tokenexplorer.png"
        image = QtGui.QImage(str(path))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        corner, centre = image.pixelColor(0, 0), image.pixelColor(size // 2, size // 2)
        assert corner.alpha() == 0 and centre.alpha() == 255  # rounded square on transparency
    assert (icons / "hicolor" / "scalable" / "apps" / "tokenexplorer.svg").read_bytes() == (
        SVG.read_bytes()
    )


def test_ico_and_icns_hold_the_expected_images(icons, qapp):
    ico = (icons / "tokenexplorer.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, 7)
    reader = QtGui.QImageReader(str(icons / "tokenexplorer.ico"))
    sizes = set()
    for _ in range(reader.imageCount()):
        sizes.add(reader.read().width())
        reader.jumpToNextImage()
    assert {16, 32, 48, 256} <= sizes
    icns = (icons / "tokenexplorer.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic10" in icns and b"icp4" in icns


ICNS_SIZES = {b"icp4": 16, b"icp5": 32, b"icp6": 64, b"ic07": 128, b"ic08": 256,
              b"ic09": 512, b"ic10": 1024, b"ic11": 32, b"ic12": 64, b"ic13": 256, b"ic14": 512}


def test_every_icns_and_ico_entry_is_the_icon_at_its_declared_size(icons, qapp):
    """macOS and Windows read the size from the entry type / directory: each entry's image
    must be that size and show the same picture as the PNG rendered at that size."""
    icns = (icons / "tokenexplorer.icns").read_bytes()
    offset, seen = 8, {}
    while offset < len(icns):
        kind, length = icns[offset:offset + 4], struct.unpack(">I", icns[offset + 4:offset + 8])[0]
        image = QtGui.QImage.fromData(icns[offset + 8:offset + length], "PNG")
        seen[kind] = (image.width(), image.height())
        offset += length
    assert seen == {kind: (size, size) for kind, size in ICNS_SIZES.items()}

    ico = (icons / "tokenexplorer.ico").read_bytes()
    (count,) = struct.unpack("<H", ico[4:6])
    for index in range(count):
        width, height, _, _, _, _, size, start = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * index:22 + 16 * index])
        image = QtGui.QImage.fromData(ico[start:start + size], "PNG")
        declared = width or 256
        assert (image.width(), image.height(), height or 256) == (declared, declared, declared)
        png = QtGui.QImage(str(icons / "hicolor" / f"{declared}x{declared}" / "apps"
                               / "tokenexplorer.png"))
        assert image.convertToFormat(png.format()) == png, declared


# The Desktop Entry Specification 1.5: recognised keys, main categories, Exec field codes.
DESKTOP_KEYS = {
    "Type", "Version", "Name", "GenericName", "NoDisplay", "Comment", "Icon", "Hidden",
    "OnlyShowIn", "NotShowIn", "DBusActivatable", "TryExec", "Exec", "Path", "Terminal",
    "Actions", "MimeType", "Categories", "Implements", "Keywords", "StartupNotify",
    "StartupWMClass", "URL", "PrefersNonDefaultGPU", "SingleMainWindow",
}
MAIN_CATEGORIES = {
    "AudioVideo", "Audio", "Video", "Development", "Education", "Game", "Graphics", "Network",
    "Office", "Science", "Settings", "System", "Utility",
}
BOOLEAN_KEYS = {"NoDisplay", "Hidden", "DBusActivatable", "Terminal", "StartupNotify",
                "PrefersNonDefaultGPU", "SingleMainWindow"}
LIST_KEYS = {"OnlyShowIn", "NotShowIn", "Actions", "MimeType", "Categories", "Implements",
             "Keywords"}


def desktop_entry_problems(text: str) -> list[str]:
    """What the spec forbids in a .desktop file (what desktop-file-validate checks for ours),
    without needing desktop-file-utils installed."""
    lines = text.splitlines()
    if not lines or lines[0] != "[Desktop Entry]":
        return ["the first line is not [Desktop Entry]"]
    problems, entry = [], {}
    for number, line in enumerate(lines[1:], start=2):
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        base = key.split("[", 1)[0]
        if not sep or key != key.strip() or value != value.strip():
            problems.append(f"line {number}: not KEY=VALUE without spaces around '='")
        elif base not in DESKTOP_KEYS and not base.startswith("X-"):
            problems.append(f"line {number}: unknown key {base}")
        elif key in entry:
            problems.append(f"line {number}: {key} given twice")
        elif base in BOOLEAN_KEYS and value not in ("true", "false"):
            problems.append(f"{key}: {value!r} is not true/false")
        elif base in LIST_KEYS and not value.endswith(";"):
            problems.append(f"{key}: a list must end with ';'")
        entry[key] = value
    for required in ("Type", "Name", "Exec"):
        if required not in entry:
            problems.append(f"{required} is missing")
    if entry.get("Version") not in (None, "1.0", "1.1", "1.2", "1.3", "1.4", "1.5"):
        problems.append(f"Version {entry['Version']!r} is not a spec version")
    main = set(entry.get("Categories", "").split(";")) & MAIN_CATEGORIES
    if len(main) != 1:
        problems.append(f"Categories needs exactly one main category, has {sorted(main)}")
    codes = [c for c in entry.get("Exec", "").split() if c.startswith("%")]
    problems += [f"Exec: unknown field code {c}" for c in codes if c not in
                 ("%f", "%F", "%u", "%U", "%i", "%c", "%k", "%%")]
    return problems


def test_desktop_entry_is_valid_and_names_the_icon():
    text = (PACKAGING / "tokenexplorer.desktop").read_text(encoding="utf-8")
    assert desktop_entry_problems(text) == []
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_string(text)
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Token Explorer"
    assert entry["Icon"] == "tokenexplorer" and entry["StartupWMClass"] == "tokenexplorer"
    assert entry["Terminal"] == "false"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("Terminal=no", "'no' is not true/false"),
        ("Categories=Development;Utility;", "exactly one main category"),
        ("Categories=Qt", "a list must end with ';'"),
        ("Exce=tokenexplorer", "unknown key Exce"),
        ("Exec=tokenexplorer %z", "unknown field code %z"),
        ("Name =Token", "without spaces"),
    ],
)
def test_desktop_entry_check_finds_each_kind_of_mistake(line, problem):
    good = (PACKAGING / "tokenexplorer.desktop").read_text(encoding="utf-8").splitlines()
    key = line.split("=", 1)[0].strip()
    broken = [line if entry.split("=", 1)[0] == key else entry for entry in good]
    if line not in broken:
        broken.append(line)
    problems = desktop_entry_problems("\n".join(broken))
    assert any(problem in p for p in problems), problems


def _stage(tmp_path: Path, icons: Path) -> Path:
    """The unpacked archive's layout, with a stand-in binary (build.sh makes the real one)."""
    stage = tmp_path / "tokenexplorer-0.0.0-linux-x86_64"
    (stage / "app" / "_internal").mkdir(parents=True)
    binary = stage / "app" / "tokenexplorer"
    binary.write_text("#!/bin/sh\necho stand-in tokenexplorer \"$@\"\n")
    binary.chmod(0o755)
    shutil.copytree(icons / "hicolor", stage / "icons")
    shutil.copy(PACKAGING / "tokenexplorer.desktop", stage)
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy(PACKAGING / "linux" / script, stage)
    (stage / "VERSION").write_text("0.0.0\n")
    return stage


def test_install_puts_app_menu_entry_and_icons_into_local_and_uninstall_removes_them(
    tmp_path, icons
):
    stage = _stage(tmp_path, icons)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}
    done = subprocess.run(["bash", str(stage / "install.sh")], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    local = home / ".local"
    app = local / "lib" / "tokenexplorer" / "tokenexplorer"
    assert app.is_file() and os.access(app, os.X_OK)
    command = local / "bin" / "tokenexplorer"
    assert subprocess.run([str(command), "--version"], capture_output=True, text=True,
                          check=True).stdout.strip() == "stand-in tokenexplorer --version"
    desktop = (local / "share" / "applications" / "tokenexplorer.desktop").read_text()
    assert f'Exec="{app}"' in desktop and "Icon=tokenexplorer" in desktop
    hicolor = local / "share" / "icons" / "hicolor"
    for size in ("16x16", "48x48", "256x256", "512x512"):
        assert (hicolor / size / "apps" / "tokenexplorer.png").is_file()
    assert (hicolor / "scalable" / "apps" / "tokenexplorer.svg").is_file()

    # installing again replaces the app folder (no stale files from an older version)
    (local / "lib" / "tokenexplorer" / "stale-file").write_text("old")
    subprocess.run(["bash", str(stage / "install.sh")], env=env, check=True, capture_output=True)
    assert not (local / "lib" / "tokenexplorer" / "stale-file").exists()

    gone = subprocess.run(["bash", str(local / "lib" / "tokenexplorer" / "uninstall.sh")],
                          env=env, capture_output=True, text=True, timeout=60)
    assert gone.returncode == 0, gone.stderr
    assert not (local / "lib" / "tokenexplorer").exists()
    assert not command.exists() and not command.is_symlink()
    assert not (local / "share" / "applications" / "tokenexplorer.desktop").exists()
    assert not list((local / "share" / "icons").rglob("tokenexplorer.*"))
