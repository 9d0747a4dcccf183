"""`tokenexplorer --smoke-test` from the source tree: every check passes, stderr is clean."""

from __future__ import annotations

import sys

from bundle_helpers import run_smoke, unexpected_stderr


def test_smoke_test_from_source_passes_with_clean_stderr(tmp_path):
    result = run_smoke([sys.executable, "-m", "tokenexplorer"], tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert unexpected_stderr(result.stderr) == []
    checks = [line for line in lines if line.startswith(("smoke ok ", "smoke FAIL"))]
    names = {line.split()[2].rstrip(":") for line in checks}
    assert {
        "window", "token-shown", "icon", "resources", "catalogue", "sample-decode", "keyring",
        "sandbox",
    } == names
    assert all(line.startswith("smoke ok ") for line in checks), checks
    assert lines[-1].startswith("smoke: all ")
