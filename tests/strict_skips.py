"""The strict switch: under scripts/test.sh (TE_STRICT_TESTS=1) a skip is a failure.

A test skips when something it needs is missing (a program, a library, a Secret Service). A
developer running bare pytest may accept that; the README's test command may not, or a fresh
machine that lacks a tool would pass with holes in it. The skip's reason names what is missing,
so the failure does too. xfail is not a skip and is left alone.
"""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Generator

    from tokenexplorer.keyring_store import KeyringStatus

SWITCH = "TE_STRICT_TESTS"


def strict() -> bool:
    return os.environ.get(SWITCH, "") not in ("", "0")


def _failed(report: pytest.TestReport | pytest.CollectReport, phase: str) -> None:
    """Turn a skipped report into a failed one whose text names what was missing."""
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    reason = reason.removeprefix("Skipped: ")
    report.outcome = "failed"
    report.longrepr = (f"{SWITCH} is set (scripts/test.sh), so this {phase} may not skip; "
                       f"missing: {reason}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if strict() and report.skipped and not hasattr(report, "wasxfail"):
        _failed(report, "test")
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    if strict() and report.skipped:
        _failed(report, "module")
    return report


def require_programs(*names: str) -> None:
    """Skip (a failure under the switch) naming every program of `names` not on PATH."""
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        pytest.skip(f"program(s) {', '.join(missing)} not on PATH "
                    "(scripts/system-deps.sh test installs them)")


def require_secret_service() -> KeyringStatus:
    """The one check every keyring test goes through: a reachable, unlocked Secret Service.
    Returns the keyring status; skips (a failure under the switch) with the probe's reason."""
    from tokenexplorer import keyring_store

    status = keyring_store.refresh_status()
    if not status.usable:
        pytest.skip(f"a reachable Secret Service ({status.reason}); "
                    "scripts/test.sh starts one in a private D-Bus session")
    return status
