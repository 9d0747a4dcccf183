"""Guards against a broken Qt binding.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every void Qt call, which
aborts the interpreter ("none_dealloc") after enough calls: a long session or the test
suite itself would crash. pyproject pins below it; this test catches a regression.
"""

import sys

from tokenexplorer.ui.qt import QtWidgets


def test_void_qt_calls_keep_references_to_none(qapp):
    label = QtWidgets.QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setEnabled(True)
        qapp.processEvents()
    lost = before - sys.getrefcount(None)
    assert lost < 100, f"the Qt binding lost {lost} references to None in 4000 calls"
