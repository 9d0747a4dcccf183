"""Packaged app: build time, bundle size, start-to-window time frozen vs from the venv.

    .venv/bin/python benchmarks/bench_package.py [--no-build] [--runs N] [--json]

Builds the bundle with `bash packaging/build.sh` (timed) unless --no-build, then starts the
frozen binary and the venv app N times each with `--smoke-test` offscreen and times the
moment the window has been rendered (the smoke test's first line, "smoke ok window"); the
process is stopped there, so the sandbox and keyring checks do not count. Baselines measured
in the same run: the venv app's start for the frozen start, and a bare PySide6 window started
from the venv for both (what any Qt app costs).
Targets (issue 5): bundle <= 250 MB; frozen start <= 2x the venv start.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "packaging" / "dist"
BUNDLE = DIST / "tokenexplorer"
BINARY = BUNDLE / "tokenexplorer"
SIZE_TARGET_MB = 250
START_RATIO_TARGET = 2.0
BARE_WINDOW = (
    "import sys; from PySide6 import QtWidgets; app = QtWidgets.QApplication([]); "
    "w = QtWidgets.QMainWindow(); w.resize(800, 600); w.show(); app.processEvents(); "
    "w.grab(); print('smoke ok   window: bare', flush=True)"
)


def folder_mb(path: Path) -> float:
    total = sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1e6


def time_to_window(command: list[str], env: dict[str, str], timeout: float = 60) -> float:
    """Seconds from spawning `command` to its "smoke ok window" (or FAIL window) line."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL, text=True, env=env)
    try:
        assert process.stdout is not None
        deadline = started + timeout
        for line in process.stdout:
            if line.startswith(("smoke ok   window", "smoke FAIL window")):
                elapsed = time.perf_counter() - started
                if "FAIL" in line:
                    raise RuntimeError(f"{command[0]}: {line.strip()}")
                return elapsed
            if time.perf_counter() > deadline:
                break
        raise RuntimeError(f"{' '.join(command)} printed no window line")
    finally:
        process.kill()
        process.wait()


def median_start(command: list[str], env: dict[str, str], runs: int) -> tuple[float, list[float]]:
    time_to_window(command, env)  # warm-up: page cache, .pyc files
    samples = [time_to_window(command, env) for _ in range(runs)]
    return statistics.median(samples), samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="measure the existing bundle")
    parser.add_argument("--runs", type=int, default=5, help="starts per variant (median)")
    parser.add_argument("--json", action="store_true", help="also print one JSON line")
    options = parser.parse_args(argv)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    archive = DIST / "release" / f"tokenexplorer-{version}-linux-{os.uname().machine}.tar.gz"

    results: dict[str, float | None] = {"build_s": None}
    if not options.no_build:
        started = time.perf_counter()
        # build.sh includes the bundle's own --smoke-test and the archive, as on the runners
        subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={**os.environ, "PYTHON": sys.executable})
        results["build_s"] = time.perf_counter() - started
    if not BINARY.exists():
        print(f"no bundle at {BUNDLE}: run without --no-build", file=sys.stderr)
        return 2

    results["bundle_mb"] = folder_mb(BUNDLE)
    results["archive_mb"] = archive.stat().st_size / 1e6 if archive.exists() else None

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                   TOKENEXPLORER_CONFIG_DIR=f"{tmp}/config", TOKENEXPLORER_CACHE_DIR=f"{tmp}/cache")
        python = sys.executable
        bare, _ = median_start([python, "-c", BARE_WINDOW], env, options.runs)
        venv, venv_samples = median_start(
            [python, "-m", "tokenexplorer", "--smoke-test"], env, options.runs)
        frozen, frozen_samples = median_start([str(BINARY), "--smoke-test"], env, options.runs)
    results.update(bare_window_s=bare, venv_start_s=venv, frozen_start_s=frozen)

    ratio = frozen / venv
    size_ok = results["bundle_mb"] <= SIZE_TARGET_MB
    print(f"build time:             {results['build_s']:.1f} s" if results["build_s"] is not None
          else "build time:             (not built: --no-build)")
    print(f"bundle size:            {results['bundle_mb']:.0f} MB  "
          f"({results['bundle_mb'] / SIZE_TARGET_MB:.2f}x the {SIZE_TARGET_MB} MB target: "
          f"{'ok' if size_ok else 'OVER'})")
    if results["archive_mb"] is not None:
        print(f"archive (.tar.gz):      {results['archive_mb']:.0f} MB")
    print(f"bare PySide6 window:    {bare * 1000:.0f} ms (venv, baseline)")
    print(f"venv start-to-window:   {venv * 1000:.0f} ms  ({venv / bare:.2f}x bare window)  "
          f"runs: {', '.join(f'{s * 1000:.0f}' for s in venv_samples)}")
    print(f"frozen start-to-window: {frozen * 1000:.0f} ms  ({frozen / bare:.2f}x bare window)  "
          f"runs: {', '.join(f'{s * 1000:.0f}' for s in frozen_samples)}")
    print(f"frozen / venv start:    {ratio:.2f}x  (target <= {START_RATIO_TARGET:.0f}x: "
          f"{'ok' if ratio <= START_RATIO_TARGET else 'OVER'})")
    if options.json:
        print(json.dumps({**results, "frozen_over_venv": ratio}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
