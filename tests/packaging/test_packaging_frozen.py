"""The PyInstaller bundle: build it (or reuse a fresh one), run its smoke test offscreen, install
its archive. Marked `frozen`: it costs a core for about a minute when it has to build."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest
from bundle_helpers import BUNDLE_BINARY, DIST, ROOT, release_steps, run_smoke, unexpected_stderr

pytestmark = [pytest.mark.frozen, pytest.mark.timeout(900)]

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
INTERNAL = BUNDLE_BINARY.parent / "_internal"


def _archive() -> Path:
    return DIST / "release" / f"tokenexplorer-{VERSION}-linux-{os.uname().machine}.tar.gz"


def _newest_input_mtime() -> float:
    inputs = [ROOT / "pyproject.toml"]
    for folder, pattern in (("tokenexplorer", "*.py"), ("resources", "*"), ("packaging", "*")):
        inputs += [
            p for p in (ROOT / folder).rglob(pattern)
            if p.is_file() and not {"build", "dist", "__pycache__"} & set(p.relative_to(ROOT).parts)
        ]
    return max(p.stat().st_mtime for p in inputs)


@pytest.fixture(scope="module")
def bundle() -> Path:
    """A bundle built from the current tree: reused when newer than every input, else built."""
    fresh = (
        BUNDLE_BINARY.exists() and _archive().exists()
        and BUNDLE_BINARY.stat().st_mtime > _newest_input_mtime()
    )
    if not fresh:
        # The command the release workflow's Linux job runs (checked in test_packaging_workflows).
        # PYTHON: the interpreter running the tests (the workflow sets the runner's python).
        result = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], cwd=ROOT,
                                capture_output=True, text=True, timeout=900,
                                env={**os.environ, "PYTHON": sys.executable})
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
        # build.sh itself ran the bundle's smoke test and refused to pack a failing bundle
        assert "release_steps smoke: tokenexplorer: smoke: all " in result.stdout
    assert BUNDLE_BINARY.is_file()
    return BUNDLE_BINARY


def test_frozen_smoke_test_passes_with_clean_stderr(bundle, tmp_path):
    result = run_smoke([str(bundle)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert unexpected_stderr(result.stderr) == [], result.stderr
    lines = {line.split()[2].rstrip(":"): line for line in result.stdout.splitlines()
             if line.startswith("smoke ok ")}
    assert {"window", "token-shown", "icon", "resources", "catalogue", "sample-decode",
            "keyring", "sandbox"} == set(lines)
    assert "(frozen)" in lines["resources"] and "_internal/resources" in lines["resources"]
    # The suite runs with a real, unlocked Secret Service: the bundle must find it too (no
    # silent fall-back to keyring's "fail" backend because the backends were not bundled).
    assert lines["keyring"].split(": ", 1)[1] == "usable: Secret Service (the system's)"
    assert "demo user signed in with SRP, ID token signature valid" in lines["sandbox"]


def test_frozen_version_comes_from_package_metadata(bundle):
    out = subprocess.run([str(bundle), "--version"], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert out.strip() == f"tokenexplorer {VERSION}"


def test_bundle_leaves_out_host_gtk_unused_qt_and_unused_emulators(bundle):
    names = {p.name for p in INTERNAL.rglob("*")}
    assert not [n for n in names if n.startswith(("libgtk-", "libgdk-", "libqgtk3", "libcairo"))]
    assert not [n for n in names if n.startswith(("libQt6Qml", "libQt6Quick", "libQt6Pdf"))]
    plugins = INTERNAL / "PySide6" / "Qt" / "plugins"
    for plugin in ("platforms/libqoffscreen.so", "platforms/libqxcb.so",
                   "imageformats/libqsvg.so", "iconengines/libqsvgicon.so"):
        assert (plugins / plugin).is_file(), plugin
    assert not (INTERNAL / "moto").exists()  # the old emulator (its signing key) is not shipped
    models = {p.name for p in (INTERNAL / "botocore" / "data").iterdir()}
    assert {"cognito-idp", "cognito-identity", "s3", "sts", "iam"} <= models
    assert "ec2" not in models
    keyring_meta = [p for p in INTERNAL.glob("keyring-*.dist-info/entry_points.txt")]
    assert keyring_meta and "SecretService" in keyring_meta[0].read_text()


# What a bare Debian 12 with `libgl1 libegl1` provides (glibc, GL/EGL and their libxcb), plus
# what only a Wayland session or KMS console loads (their platforms bring those libraries).
SYSTEM_LIBRARIES = re.compile(
    r"^(libc|libm|libdl|libpthread|librt|libresolv|libutil|ld-linux-x86-64)\.so\.\d+$"
    r"|^lib(GL|EGL|OpenGL|GLX)\.so\.\d+$|^libxcb\.so\.1$|^libdrm\.so\.2$"
    r"|^libwayland-(client|cursor|egl)\.so\.\d+$"
)


def test_bundle_needs_only_libraries_a_bare_debian_with_gl_has(bundle):
    readelf = shutil.which("readelf")
    assert readelf, "readelf is missing: scripts/system-deps.sh test installs binutils"
    bundled = {p.name for p in INTERNAL.rglob("*.so*")}
    missing: dict[str, str] = {}
    for path in INTERNAL.rglob("*.so*"):
        if path.is_symlink() or not path.is_file():
            continue
        dynamic = subprocess.run([readelf, "-d", str(path)], capture_output=True,
                                 text=True).stdout
        for needed in re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic):
            if needed not in bundled and not SYSTEM_LIBRARIES.match(needed):
                missing[needed] = path.name
    assert missing == {}


def test_archive_has_a_matching_sha256_file_and_a_known_glibc_floor(bundle):
    checksum = _archive().with_name(_archive().name + ".sha256")
    digest, name = checksum.read_text().split()
    assert name == _archive().name and release_steps.sha256_of(_archive()) == digest
    version, _needed_by = release_steps.glibc_floor(BUNDLE_BINARY.parent)
    host = os.confstr("CS_GNU_LIBC_VERSION").split()[1]  # "glibc 2.36"
    # never newer than the glibc it was built on; the README states the floor per build host
    assert release_steps._version(version) <= release_steps._version(host)
    assert release_steps._version(version) >= (2, 17)


def test_archive_installs_into_local_and_the_installed_app_runs(bundle, tmp_path):
    with tarfile.open(_archive()) as archive:
        # extraction filters came in 3.11.4; Debian 12's python3 is 3.11.2 (our own archive)
        safe = {"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}
        archive.extractall(tmp_path / "unpacked", **safe)
    (stage,) = (tmp_path / "unpacked").iterdir()
    assert {"install.sh", "uninstall.sh", "tokenexplorer.desktop", "app", "icons"} <= {
        p.name for p in stage.iterdir()
    }
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}
    subprocess.run(["bash", str(stage / "install.sh")], env=env, check=True,
                   capture_output=True, timeout=120)
    installed = home / ".local" / "bin" / "tokenexplorer"
    out = subprocess.run([str(installed), "--version"], capture_output=True, text=True,
                         env=env, timeout=60, check=True).stdout
    assert out.strip() == f"tokenexplorer {VERSION}"
    assert (home / ".local/share/applications/tokenexplorer.desktop").is_file()
    assert (home / ".local/share/icons/hicolor/256x256/apps/tokenexplorer.png").is_file()
