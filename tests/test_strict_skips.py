"""The strict switch scripts/test.sh sets: a skip (something missing) fails, naming it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.strict_skips import SWITCH

ROOT = Path(__file__).resolve().parents[1]

TINY = '''
import pytest
from tests.strict_skips import require_programs, require_secret_service

def test_passes():
    pass

def test_skips_inline():
    pytest.skip("the frobnicator program")

@pytest.mark.skipif(True, reason="binutils' readelf")
def test_skips_by_marker():
    pass

def test_needs_a_program():
    require_programs("te-no-such-program-here")

def test_needs_a_secret_service(monkeypatch):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/te-strict-bus")
    require_secret_service()

@pytest.mark.xfail(reason="known", strict=True)
def test_expected_to_fail():
    assert False
'''


@pytest.fixture
def tiny(pytester):
    # The suite's own conftest, so the test sees the hooks exactly as the suite has them.
    pytester.makeconftest("from tests.conftest import *  # noqa: F403\n")
    pytester.makepyfile(test_tiny=TINY)
    pytester.makepyfile(test_module_skip="import pytest\n"
                        "pytest.importorskip('te_no_such_module_here')\n")
    return pytester


def _run(pytester, monkeypatch, strict: bool):
    if strict:
        monkeypatch.setenv(SWITCH, "1")
    else:
        monkeypatch.delenv(SWITCH, raising=False)
    # A child process: two in-process runs in one test session share import state.
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    return pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:cacheprovider", "-rA",
                                      "--continue-on-collection-errors")


def test_with_the_switch_every_skip_fails_and_names_what_is_missing(tiny, monkeypatch):
    result = _run(tiny, monkeypatch, strict=True)
    # A skip in setup (a skipif marker) fails the setup: an error, as for a broken fixture.
    result.assert_outcomes(passed=1, failed=3, xfailed=1, errors=2)
    text = result.stdout.str()
    for missing in ("the frobnicator program", "binutils' readelf", "te-no-such-program-here",
                    "Secret Service", "te_no_such_module_here"):
        assert re.search(r"may not skip; missing: [^\n]*" + re.escape(missing), text), missing
    assert "TE_STRICT_TESTS is set" in text


def test_without_the_switch_skips_stay_skips(tiny, monkeypatch):
    result = _run(tiny, monkeypatch, strict=False)
    result.assert_outcomes(passed=1, skipped=5, xfailed=1)


def test_the_readme_test_command_sets_the_switch():
    script = (ROOT / "scripts" / "test.sh").read_text()
    assert f"export {SWITCH}=1" in script
