"""The S3 browser's GUI under a 20,000-object listing: first rows, total, event-loop stalls.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_s3_gui.py [--objects 20000]
        [--rounds 3] [--page-size 1000]

moto's server runs in a child process (seeded through its backend), so the emulator never
competes with the GUI thread for the GIL. In one run it measures:

- baseline: the core's `S3Browser.list_prefix` in this process without any GUI, and
  `aws s3 ls` (awscli) on the same endpoint and bucket when awscli is installed;
- the S3 tab listing the same prefix into its table (visible, offscreen): time to the first
  rows, total time, and the longest gap between ticks of a QTimer firing every 5 ms (a
  stall: the window would not repaint or react for that long). Target: no stall > 100 ms,
  first rows right after the first page;
- what a user then does to the 20,000 rows on the GUI thread: sort by size, filter.

Numbers are printed with ratios to the baseline measured in the same run; nothing asserts.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from stallmeter import StallMeter  # noqa: E402  (the shared meter, benchmarks/stallmeter.py)

BUCKET = "bench-gui-bucket"
PREFIX = "many/"
TICK_MS = 5
DUMMY = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
         "AWS_DEFAULT_REGION": "us-east-1"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_moto(port: int, count: int) -> None:
    """Child process: moto's server, seeded straight through its backend (seconds, where
    20,000 PUTs over HTTP take minutes). Prints one line when ready, then serves."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.s3.models import s3_backends
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    backend = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
    backend.create_bucket(BUCKET, "us-east-1")
    for i in range(count):
        backend.put_object(BUCKET, f"{PREFIX}obj-{i:06d}.txt", b"x" * (i % 4096))
    for i in range(5):  # folders, as the browser shows them
        backend.put_object(BUCKET, f"{PREFIX}folder-{i}/inner.txt", b"y")
    print("ready", flush=True)
    while True:
        time.sleep(3600)


def start_moto(count: int) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve-moto", str(port), "--objects", str(count)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    assert child.stdout is not None
    if child.stdout.readline().strip() != "ready":
        child.kill()
        raise SystemExit("moto did not start")
    return child, f"http://127.0.0.1:{port}"


def bench_profile(url: str):
    from tokenexplorer.cognito.profiles import Profile

    return Profile(name="bench", region="us-east-1", user_pool_id="us-east-1_bench",
                   client_id="bench", bucket=BUCKET, endpoint_url=url)


def credentials_source():
    from tokenexplorer.aws.clients import AwsCredentials
    from tokenexplorer.aws.credentials import StaticCredentials

    return StaticCredentials(AwsCredentials("bench", "bench"))


def list_core(url: str, page_size: int) -> dict[str, float]:
    """Baseline: the core listing the prefix, no GUI."""
    from tokenexplorer.aws.s3 import S3Browser

    core = S3Browser.for_profile(bench_profile(url), credentials_source())
    start = time.perf_counter()
    first = None
    rows = 0
    for page in core.list_prefix(BUCKET, PREFIX, page_size):
        first = first or time.perf_counter() - start
        rows += len(page.folders) + len(page.objects)
    return {"first": first or 0.0, "total": time.perf_counter() - start, "rows": rows}


def list_awscli(url: str) -> float | None:
    aws = shutil.which("aws", path=str(Path(sys.executable).parent)) or shutil.which("aws")
    if aws is None:
        return None
    env = {**os.environ, **DUMMY, "AWS_CONFIG_FILE": os.devnull,
           "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    start = time.perf_counter()
    subprocess.run([aws, "s3", "ls", f"s3://{BUCKET}/{PREFIX}", "--endpoint-url", url],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def list_gui(panel, meter, qt_core, loop) -> dict[str, float]:
    """One listing into the visible S3 tab, timed from the GUI thread."""
    marks: dict[str, float] = {}
    start = time.perf_counter()

    def first_rows(*_: object) -> None:
        marks.setdefault("first", time.perf_counter() - start)

    def finished(count: int) -> None:
        marks["total"] = time.perf_counter() - start
        marks["rows"] = count
        loop.quit()

    panel.model.rowsInserted.connect(first_rows)
    panel.listing_finished.connect(finished)
    panel.listing_failed.connect(lambda message: (print("listing failed:", message),
                                                  loop.quit()))
    guard = qt_core.QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    guard.start(120_000)
    meter.start()
    panel.navigate(PREFIX)
    loop.exec()
    meter.stop()
    guard.stop()
    panel.model.rowsInserted.disconnect(first_rows)
    panel.listing_finished.disconnect(finished)
    marks["worst_stall"] = meter.worst
    marks["stalls_over_100ms"] = meter.over(0.100)
    marks["stalls_over_50ms"] = meter.over(0.050)
    return marks


def timed_on_gui(meter, loop, qt_core, action) -> tuple[float, float]:
    """(seconds the action took on the GUI thread, worst stall around it incl. repaint)."""
    meter.start()
    start = time.perf_counter()
    action()
    took = time.perf_counter() - start
    qt_core.QTimer.singleShot(200, loop.quit)  # let the view repaint
    loop.exec()
    meter.stop()
    return took, meter.worst


def _row(name: str, value: float, unit: str, base: float | None = None) -> str:
    ratio = f"   {value / base:5.2f}× baseline" if base else ""
    return f"  {name:<46} {value:9.3f} {unit}{ratio}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--serve-moto", type=int, default=None, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve_moto is not None:
        serve_moto(options.serve_moto, options.objects)
        return 0

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    child, url = start_moto(options.objects)
    print(f"moto seeded with {options.objects:,} objects under s3://{BUCKET}/{PREFIX} "
          f"in {time.perf_counter() - started:.1f} s ({url})")
    try:
        from tokenexplorer.ui.aws import s3_browser
        from tokenexplorer.ui.aws.s3_models import SIZE
        from tokenexplorer.ui.qt import Qt, QtCore, QtWidgets
        from tokenexplorer.ui.state import AppState

        app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
        state = AppState()
        state.set_profile(bench_profile(url))
        source = credentials_source()
        panel = s3_browser.S3BrowserPanel(state, credentials_source=lambda: source,
                                          page_size=options.page_size)
        panel.resize(1000, 700)
        panel.show()
        app.processEvents()
        list_core(url, options.page_size)  # warm-up: imports, connection pool
        aws_runs = [t for t in (list_awscli(url) for _ in range(options.rounds)) if t]
        loop = QtCore.QEventLoop()
        meter = StallMeter(QtCore, TICK_MS)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # Core and GUI rounds alternate, so a busy machine slows both alike.
        core_runs: list[dict[str, float]] = []
        gui_runs: list[dict[str, float]] = []
        for _ in range(options.rounds):
            core_runs.append(list_core(url, options.page_size))
            gui_runs.append(list_gui(panel, meter, QtCore, loop))
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        sort_took, sort_stall = timed_on_gui(
            meter, loop, QtCore,
            lambda: panel.view.sortByColumn(SIZE, Qt.SortOrder.DescendingOrder))
        filter_took, filter_stall = timed_on_gui(
            meter, loop, QtCore, lambda: panel.filter_edit.setText("obj-0199"))
        shown = panel.proxy.rowCount()
        clear_took, clear_stall = timed_on_gui(meter, loop, QtCore, panel.filter_edit.clear)
        del app
    finally:
        child.kill()
        child.wait()

    def med(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(run[key] for run in runs)

    core_total, core_first = med(core_runs, "total"), med(core_runs, "first")
    gui_total, gui_first = med(gui_runs, "total"), med(gui_runs, "first")
    pages = -(-int(gui_runs[0]["rows"]) // options.page_size)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{os.cpu_count()} CPUs, load average {load} (other work skews the timings)")
    print(f"Listing {int(gui_runs[0]['rows']):,} rows of s3://{BUCKET}/{PREFIX} "
          f"({pages} pages of {options.page_size}), median of {options.rounds} rounds:")
    print("baseline:")
    print(_row("core list_prefix, no GUI: first page", core_first, "s"))
    print(_row("core list_prefix, no GUI: total", core_total, "s"))
    if aws_runs:
        print(_row("aws s3 ls (awscli, incl. process start)", statistics.median(aws_runs), "s"))
    else:
        print("  aws s3 ls: awscli not installed, skipped")
    print("S3 tab (visible, offscreen):")
    print(_row("time to first rows", gui_first, "s", core_first))
    print(_row("total", gui_total, "s", core_total))
    if aws_runs:
        print(_row("total vs aws s3 ls", gui_total, "s", statistics.median(aws_runs)))
    worst = max(run["worst_stall"] for run in gui_runs)
    print(_row("longest event-loop stall (worst round)", worst * 1000, "ms"))
    per_round = ", ".join(f"{run['worst_stall'] * 1000:.0f}" for run in gui_runs)
    print(f"  {'  longest stall per round':<46} {per_round} ms")
    print(f"  {'stalls > 100 ms / > 50 ms (all rounds)':<46} "
          f"{sum(r['stalls_over_100ms'] for r in gui_runs):>5} / "
          f"{sum(r['stalls_over_50ms'] for r in gui_runs)}"
          f"   ({TICK_MS} ms ticks)")
    print(_row("first rows ÷ core's first page (≈1: at once)", gui_first / core_first, "×"))
    print(_row("peak RSS of this process after listing", rss_after, "MiB"))
    print(_row("  growth during the GUI rounds", rss_after - rss_before, "MiB"))
    print("on 20,000 rows, GUI thread:")
    print(_row("sort by size (took / worst stall)", sort_took * 1000, "ms"))
    print(_row("  worst stall incl. repaint", sort_stall * 1000, "ms"))
    print(_row(f"filter 'obj-0199' → {shown} rows (took)", filter_took * 1000, "ms"))
    print(_row("  worst stall incl. repaint", filter_stall * 1000, "ms"))
    print(_row("clear the filter (took)", clear_took * 1000, "ms"))
    print(_row("  worst stall incl. repaint", clear_stall * 1000, "ms"))
    target = "met" if worst <= 0.100 else "MISSED"
    print(f"\ntarget no stall > 100 ms: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
