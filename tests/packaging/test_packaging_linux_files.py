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


def test_desktop_entry_is_valid_and_names_the_icon():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(PACKAGING / "tokenexplorer.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Token Explorer"
    assert entry["Icon"] == "tokenexplorer" and entry["StartupWMClass"] == "tokenexplorer"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(PACKAGING / "tokenexplorer.desktop")],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


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
