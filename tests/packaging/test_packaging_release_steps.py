"""packaging/release_steps.py, the steps build.sh runs after PyInstaller on every system:
the smoke run's verdict, the checksum files, the glibc floor."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bundle_helpers import release_steps as steps


def _stand_in(tmp_path: Path, body: str) -> Path:
    """An executable that plays a built binary's --smoke-test."""
    binary = tmp_path / "bin" / "tokenexplorer"
    binary.parent.mkdir(parents=True, exist_ok=True)
    binary.write_text(f"#!/bin/sh\n{body}\n")
    binary.chmod(0o755)
    return binary


def _done(code: int, out: str = "", err: str = "") -> subprocess.CompletedProcess:
    return subprocess.CompletedProcess(["x"], code, out, err)


def test_smoke_passes_only_with_exit_0_all_checks_passed_and_clean_stderr():
    ok = "smoke ok   window: fine\nsmoke: all 8 checks passed\n"
    noise = "This plugin does not support propagateSizeHints()\n"
    assert steps.judge_smoke(_done(0, ok, noise)) == "smoke: all 8 checks passed"
    with pytest.raises(steps.StepFailed, match="exited 1"):
        steps.judge_smoke(_done(1, ok))
    with pytest.raises(steps.StepFailed, match="did not report all checks passed"):
        steps.judge_smoke(_done(0, "smoke: 1 of 8 checks failed: sandbox\n"))
    with pytest.raises(steps.StepFailed, match=r"wrote to stderr:\nqt\.qpa\.plugin: Could not"):
        steps.judge_smoke(_done(0, ok, "qt.qpa.plugin: Could not load the Qt platform\n"))
    assert steps.judge_smoke(_done(0), windowed=True).startswith("exit status 0")
    with pytest.raises(steps.StepFailed):
        steps.judge_smoke(_done(3), windowed=True)


def test_smoke_runs_the_binary_offscreen_with_its_own_config_and_cache(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # build.sh passes paths relative to the project
    binary = Path("bin") / "tokenexplorer"
    _stand_in(tmp_path, (
        '[ "$1" = --smoke-test ] || exit 9\n'
        'echo "smoke ok   env: $QT_QPA_PLATFORM $TOKENEXPLORER_CONFIG_DIR"\n'
        'echo "smoke: all 1 checks passed"'))
    (line,) = steps.smoke([(binary, False)])
    assert line == "tokenexplorer: smoke: all 1 checks passed"
    printed = capsys.readouterr().out
    assert "smoke ok   env: offscreen " in printed and "te-smoke-" in printed
    assert str(Path.home()) not in printed.split("offscreen ", 1)[1]


def test_smoke_command_fails_for_a_failing_or_missing_binary(tmp_path):
    failing = _stand_in(tmp_path, 'echo "smoke FAIL window: blank"; exit 1')
    assert steps.main(["smoke", str(failing)]) == 1
    assert steps.main(["smoke", str(tmp_path / "nothing-here")]) == 1
    assert steps.main(["smoke", "--windowed", str(failing)]) == 1


def test_checksum_file_reads_back_with_sha256sum(tmp_path):
    artifact = tmp_path / "tokenexplorer-1.0-linux-x86_64.tar.gz"
    artifact.write_bytes(b"archive bytes" * 1000)
    assert steps.main(["checksums", str(artifact)]) == 0
    checksum = tmp_path / (artifact.name + ".sha256")
    assert checksum.read_text() == f"{steps.sha256_of(artifact)}  {artifact.name}\n"
    assert steps.verify_checksum(checksum)
    assert not list(tmp_path.glob("*.part"))
    sha256sum = shutil.which("sha256sum")
    assert sha256sum, "coreutils' sha256sum is missing"
    subprocess.run([sha256sum, "-c", checksum.name], cwd=tmp_path, check=True,
                   capture_output=True)
    artifact.write_bytes(b"tampered")
    assert not steps.verify_checksum(checksum)


def test_glibc_versions_are_read_from_readelf_output():
    out = ("  0x0010:   Name: GLIBC_2.2.5  Flags: none  Version: 8\n"
           "  0x0020:   Name: GLIBC_2.34  Flags: none  Version: 4\n"
           "  0x0030:   Name: GLIBCXX_3.4.29  Flags: none  Version: 3\n"
           "  0x0040:   Name: GLIBC_2.4  Flags: none  Version: 2\n")
    assert steps.glibc_needs(out) == {"2.2.5", "2.34", "2.4"}
    assert max(steps.glibc_needs(out), key=steps._version) == "2.34"  # not 2.4 > 2.34


def test_glibc_floor_of_a_real_binary_and_the_maximum(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copy(os.path.realpath(sys.executable), bundle / "python")
    (bundle / "notes.txt").write_text("not an ELF file")
    version, needed_by = steps.glibc_floor(bundle)
    host = os.confstr("CS_GNU_LIBC_VERSION").split()[1]
    assert needed_by.name == "python"
    assert (2, 2) <= steps._version(version) <= steps._version(host)
    assert steps.main(["glibc", str(bundle), "--max", version]) == 0
    assert steps.main(["glibc", str(bundle), "--max", "2.1"]) == 1
    if steps._version(version) > (2, 4):  # numbers, not text: 2.34 is newer than 2.4
        assert steps.main(["glibc", str(bundle), "--max", "2.4"]) == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(steps.StepFailed, match="no ELF file"):
        steps.glibc_floor(empty)
