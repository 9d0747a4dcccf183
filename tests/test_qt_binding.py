"""Guards against a broken Qt binding.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every void Qt call, which
aborts the interpreter ("none_dealloc") after enough calls: a long session or the test
suite itself would crash. pyproject pins below it; these tests catch a regression. Counting
references to None says nothing on Python >= 3.12 (None is immortal there), so the guard is
what the bug does: a process making more void calls than None has references must survive.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement

from tokenexplorer.ui.qt import QtGui, QtWidgets

ROOT = Path(__file__).resolve().parents[1]

MANY_VOID_CALLS = """
import sys
from tokenexplorer.ui.qt import QtWidgets
app = QtWidgets.QApplication([])
label = QtWidgets.QLabel()
# Twice None's references (capped: it is immortal, and huge, on Python >= 3.12).
calls = 2 * min(sys.getrefcount(None), 100_000) + 10_000
for _ in range(calls):
    label.setEnabled(True)
    label.clear()
app.processEvents()
print("survived", calls)
"""


def test_more_void_qt_calls_than_none_has_references_do_not_crash():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", MANY_VOID_CALLS], capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode == 0, f"the Qt binding crashed the interpreter: {done.stderr[-2000:]}"
    assert done.stdout.startswith("survived ")
    assert int(done.stdout.split()[1]) > 10_000


def test_objects_through_qt_keep_their_references(qapp):
    """A mortal object stored in and read back from Qt: its reference count must not drift."""
    sentinel = object()
    item = QtGui.QStandardItem()
    role = 0x0100  # Qt.UserRole
    item.setData(sentinel, role)
    before = sys.getrefcount(sentinel)
    for _ in range(5000):
        assert item.data(role) is sentinel
        item.setData(sentinel, role)
    drift = sys.getrefcount(sentinel) - before
    assert abs(drift) < 10, f"{drift:+d} references to a Python object after 10000 Qt calls"


def test_the_pinned_binding_excludes_the_broken_release_and_is_the_one_installed():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [Requirement(d) for d in project["dependencies"]]
    pyside = next(r for r in pins if r.name == "PySide6-Essentials")
    assert "6.12.0" not in pyside.specifier, f"{pyside} allows the release that aborts"
    assert version("PySide6-Essentials") in pyside.specifier
    assert QtWidgets.QLabel  # the binding imports through the app's single Qt module
