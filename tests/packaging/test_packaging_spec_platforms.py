"""packaging/tokenexplorer.spec read with each system's rules: the spec's macOS and Windows
branches have never run on such a machine here, so they are executed with sys.platform
simulated and PyInstaller's build steps (Analysis, EXE, COLLECT, BUNDLE) recorded instead of
run. What they produce must be what packaging/build.sh packs and smoke-tests."""

from __future__ import annotations

import sys
import tomllib
import types
from pathlib import Path

import pytest
from bundle_helpers import ROOT

SPEC = ROOT / "packaging" / "tokenexplorer.spec"
BUILD_SH = (ROOT / "packaging" / "build.sh").read_text(encoding="utf-8")
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
PLUGIN = Path(__import__("PySide6").__file__).parent / "Qt" / "plugins" / "platforms"


class _Recorder:
    def __init__(self) -> None:
        self.exes: list[dict] = []
        self.collect: dict = {}
        self.bundle: dict | None = None
        self.analysis: dict = {}

    def namespace(self) -> dict:
        recorder = self

        class Analysis:
            def __init__(self, scripts, **kwargs) -> None:
                recorder.analysis = kwargs
                offscreen = str(PLUGIN / "libqoffscreen.so")
                self.binaries = [
                    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", offscreen, "BINARY"),
                    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", offscreen, "BINARY"),
                ]
                self.datas = [
                    ("botocore/data/ec2/2016-11-15/service-2.json.gz", "x", "DATA"),
                    ("botocore/data/s3/2006-03-01/service-2.json.gz", "x", "DATA"),
                    ("botocore/data/endpoints.json", "x", "DATA"),
                ]
                self.pure, self.scripts = [], []

        def exe(pyz, scripts, binaries, **kwargs):
            recorder.exes.append(kwargs)
            return kwargs["name"]

        def collect(*parts, **kwargs):
            recorder.collect = {"parts": parts, **kwargs}
            return kwargs["name"]

        def bundle(coll, **kwargs):
            recorder.bundle = kwargs

        return {"Analysis": Analysis, "PYZ": lambda pure: "pyz", "EXE": exe,
                "COLLECT": collect, "BUNDLE": bundle, "SPECPATH": str(SPEC.parent),
                "__file__": str(SPEC)}


def _run_spec(monkeypatch, platform: str) -> _Recorder:
    import PyInstaller.compat as compat
    import PyInstaller.utils.hooks as hooks

    monkeypatch.setattr(sys, "platform", platform)
    # versioninfo (the Windows version resource) imports these Windows-only modules at the
    # top and uses them only to read an existing .exe: stand-ins let it build the structure.
    monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    monkeypatch.setattr(compat, "win32api", types.ModuleType("win32api"), raising=False)
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    monkeypatch.setattr(hooks, "collect_submodules", lambda name, **kw: [f"{name}.stub"])
    recorder = _Recorder()
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), recorder.namespace())
    return recorder


def test_windows_spec_makes_a_windowed_and_a_console_exe_with_icon_and_version(monkeypatch):
    built = _run_spec(monkeypatch, "win32")
    assert [(e["name"], e["console"]) for e in built.exes] == [
        ("TokenExplorer", False), ("tokenexplorer-cli", True)]
    for exe in built.exes:
        assert exe["icon"].endswith("tokenexplorer.ico") and exe["strip"] is False
        strings = {s.name: s.val for s in exe["version"].kids[0].kids[0].kids}
        assert strings["ProductVersion"] == VERSION and strings["ProductName"] == "Token Explorer"
    assert built.collect["name"] == "tokenexplorer" and built.bundle is None
    hidden = built.analysis["hiddenimports"]
    assert "keyring.backends.Windows" in hidden and "win32ctypes.stub" in hidden
    # what build.sh smoke-tests and zips on Windows
    assert '"$bundle/tokenexplorer-cli.exe" --windowed "$bundle/TokenExplorer.exe"' in BUILD_SH


def test_macos_spec_makes_an_app_bundle_with_icns_and_identity(monkeypatch):
    built = _run_spec(monkeypatch, "darwin")
    (exe,) = built.exes
    assert exe["name"] == "tokenexplorer" and exe["console"] is False
    assert exe["icon"].endswith("tokenexplorer.icns")
    assert exe["strip"] is False and built.collect["strip"] is False  # keeps signatures valid
    bundle = built.bundle
    assert bundle["name"] == "Token Explorer.app" and bundle["icon"].endswith(".icns")
    assert bundle["bundle_identifier"] == "io.github.tokenexplorer"
    plist = bundle["info_plist"]
    assert plist["CFBundleShortVersionString"] == VERSION and plist["NSHighResolutionCapable"]
    assert "keyring.backends.macOS" in built.analysis["hiddenimports"]
    assert 'bundle="$dist/Token Explorer.app"' in BUILD_SH
    assert '"$bundle/Contents/MacOS/tokenexplorer"' in BUILD_SH


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_every_platform_drops_host_gtk_and_unused_service_models(monkeypatch, platform):
    built = _run_spec(monkeypatch, platform)
    binaries = [entry[0] for entry in built.collect["parts"][-2]]
    datas = [entry[0] for entry in built.collect["parts"][-1]]
    assert binaries == ["PySide6/Qt/plugins/platforms/libqoffscreen.so"]
    assert "botocore/data/s3/2006-03-01/service-2.json.gz" in datas
    assert "botocore/data/endpoints.json" in datas
    assert not [d for d in datas if d.startswith("botocore/data/ec2/")]
    assert built.collect["strip"] is (platform == "linux")
