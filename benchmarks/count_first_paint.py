"""First paint counted in instructions (valgrind/callgrind), not milliseconds.

bench_window.py times the first painted window against a bare PySide6 window; on a shared
2-core machine its medians move by ±20 % between runs, so small start-up changes cannot be
seen there. This script runs the same two programs (the real `tokenexplorer --token …`
path, and a bare QMainWindow of the same size) under callgrind and counts the user-space
instructions from process start to the end of the first paint pass: the count does not
depend on the machine's load, so a change of 1 % shows. Each program runs once (≈ 10 s
each under valgrind); the counts repeat to ±0.1 % with PYTHONHASHSEED fixed.

Instructions are not time (cache misses, system calls and page faults are not counted), so
the ratio here is a guide for comparing versions; the target is judged by bench_window.py.

Run:  .venv/bin/python benchmarks/count_first_paint.py   (needs valgrind)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Both children leave with os._exit right after their first paint pass, so nothing after it
# (shutdown, the panels mounted after the paint) is counted.
BARE_CHILD = """
import os
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class Probe(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, lambda: os._exit(0))
        return False
app = QApplication([])
window = QMainWindow()
window.resize(1240, 800)
probe = Probe()
window.installEventFilter(probe)
window.show()
app.exec()
"""

APP_CHILD = """
import os, sys
import tokenexplorer.ui.app as app_module
def exit_at_first_paint(app, window):
    app_module.after_first_paint(window, lambda: os._exit(0))
app_module._exit_after_first_paint = exit_at_first_paint
from tokenexplorer.cli import main
main(["--token", sys.argv[1]])
"""


def count(code: str, args: list[str], env: dict[str, str]) -> int:
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", code, *args],
        env=env, capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    match = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if match is None:
        raise RuntimeError(f"no instruction count from valgrind:\n{result.stderr[-2000:]}")
    return int(match.group(1).replace(",", ""))


def main() -> int:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt install valgrind)")
        return 2
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_window import _display_token

    token = _display_token()
    with tempfile.TemporaryDirectory() as config:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
                   TOKENEXPLORER_CONFIG_DIR=config, TOKENEXPLORER_CACHE_DIR=config,
                   TOKENEXPLORER_EXIT_AFTER_FIRST_PAINT="1", PYTHONHASHSEED="0",
                   PYTHONPYCACHEPREFIX=str(Path(config) / "pycache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for code, args in ((BARE_CHILD, []), (APP_CHILD, [token])):  # write the bytecode
            subprocess.run([sys.executable, "-c", code, *args], env=env, timeout=60,
                           capture_output=True, cwd=ROOT)
        bare = count(BARE_CHILD, [], env)
        ours = count(APP_CHILD, [token], env)
    print("Instructions from process start to the first paint (callgrind, bytecode cached)")
    print(f"  bare PySide6 QMainWindow:     {bare / 1e6:8.0f} M")
    print(f"  Token Explorer with a token:  {ours / 1e6:8.0f} M")
    print(f"  ratio: {ours / bare:.2f}× (a guide; bench_window.py judges the 1.5× target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
