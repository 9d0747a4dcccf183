"""A windowed start (Windows' console-less exe, pythonw, gui-scripts): sys.stdout and
sys.stderr are None. Simulated here for real: the child process starts with fds 1 and 2
closed, which is how CPython ends up with None streams."""

from __future__ import annotations

import os
import subprocess
import sys

from bundle_helpers import ROOT

from tokenexplorer import windowed

CODE_RAISES = (
    "import faulthandler, sys\n"
    "assert sys.stdout is None and sys.stderr is None, 'streams exist'\n"
    "{prepare}\n"
    "faulthandler.enable()\n"  # raises RuntimeError while sys.stderr is None
    "print('still running')\n"
    "raise ValueError('reported, not lost')\n"
)


def _run_without_streams(code: str, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TOKENEXPLORER_CACHE_DIR": str(tmp_path)}

    def close_streams() -> None:
        os.close(1)
        os.close(2)

    return subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path,
                          preexec_fn=close_streams, timeout=60, stdin=subprocess.DEVNULL)


def test_without_the_fix_a_windowed_start_crashes_silently(tmp_path):
    result = _run_without_streams(CODE_RAISES.format(prepare="pass"), tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / windowed.LOG_NAME).exists()  # nothing anywhere to read


def test_ensure_streams_keeps_a_windowed_start_running_and_its_report(tmp_path):
    prepare = "from tokenexplorer.windowed import ensure_streams; ensure_streams()"
    result = _run_without_streams(CODE_RAISES.format(prepare=prepare), tmp_path)
    assert result.returncode == 1  # the ValueError, after faulthandler and print worked
    log = (tmp_path / windowed.LOG_NAME).read_text(encoding="utf-8")
    assert "still running" in log
    assert "ValueError: reported, not lost" in log


def test_the_gui_entry_installs_the_streams_before_anything_prints(tmp_path):
    code = ("import sys; sys.argv = ['tokenexplorer', '--version']\n"
            "from tokenexplorer.cli import gui_main\n"
            "sys.exit(gui_main())\n")
    result = _run_without_streams(code, tmp_path)
    assert result.returncode == 0
    from tokenexplorer import version

    assert (tmp_path / windowed.LOG_NAME).read_text(encoding="utf-8").strip() == (
        f"tokenexplorer {version()}"
    )


def test_the_frozen_launcher_installs_the_streams():
    launcher = (ROOT / "packaging" / "launcher.py").read_text(encoding="utf-8")
    main_block = launcher.split('if __name__ == "__main__":', 1)[1]
    assert main_block.index("ensure_streams()") < main_block.index("main()")


def test_streams_that_exist_are_left_alone(tmp_path, monkeypatch):
    out, err = sys.stdout, sys.stderr
    assert windowed.ensure_streams(tmp_path) is None
    assert (sys.stdout, sys.stderr) == (out, err)
    assert not (tmp_path / windowed.LOG_NAME).exists()


def test_a_log_grown_too_big_starts_afresh(tmp_path, monkeypatch):
    (tmp_path / windowed.LOG_NAME).write_text("x" * (windowed.MAX_LOG_BYTES + 1))
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    path = windowed.ensure_streams(tmp_path)
    try:
        print("fresh")
        sys.stderr.write("err\n")
    finally:
        sys.stdout.close()
    assert path == tmp_path / windowed.LOG_NAME
    assert path.read_text(encoding="utf-8") == "fresh\nerr\n"
