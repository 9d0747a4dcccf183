"""S3 browser vs the AWS CLI (awscli v1) on the same local emulator, in one run.

    .venv/bin/python benchmarks/bench_s3.py [--objects 20000] [--size-mb 200] [--rounds 2]

Starts moto's server as a separate process on 127.0.0.1 (so the emulator never competes
with the measured client for the GIL), seeds a bucket, then measures:

1. Listing a prefix of N objects: time to the first page and total time, for
   `S3Browser.list_prefix` (warm, in this process — what the app sees — and cold, in a fresh
   process like the CLI) against `aws s3 ls s3://bucket/prefix/`; peak memory of both
   processes (max RSS) and the Python allocations of the listing (tracemalloc).
2. Download and upload of one large object: `S3Browser.download/upload` against
   `aws s3 cp` — throughput and ratio (target ≥ 0.9× awscli). awscli's figure includes its
   process start; the "start-corrected" ratio removes the time of a trivial awscli call.

Numbers are printed with ratios to the baseline measured in the same run; nothing asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BUCKET = "bench-bucket"
PREFIX = "many/"
DUMMY = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
         "AWS_DEFAULT_REGION": "us-east-1"}
MiB = 1024 * 1024


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_moto(port: int, count: int) -> None:
    """Child process: moto's server, seeded straight through its S3 backend (20,000 PUTs over
    HTTP take over a minute on two cores; in-process they take seconds). Prints one JSON
    line when ready, then serves until terminated."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.s3.models import s3_backends
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    started = time.perf_counter()
    backend = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
    backend.create_bucket(BUCKET, "us-east-1")
    for i in range(count):
        backend.put_object(BUCKET, f"{PREFIX}obj-{i:06d}.txt", b"x")
    # A few sub-prefixes too, so the listing has folders as the browser shows them.
    for i in range(5):
        backend.put_object(BUCKET, f"{PREFIX}folder-{i}/inner.txt", b"y")
    print(json.dumps({"seed_seconds": time.perf_counter() - started}), flush=True)
    while True:
        time.sleep(3600)


def start_moto(count: int) -> tuple[subprocess.Popen[str], str, float]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve-moto", str(port), "--objects", str(count)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        raise SystemExit("the moto server process did not start")
    return process, f"http://127.0.0.1:{port}", json.loads(line)["seed_seconds"]


def admin_client(url: str, pool: int = 32):
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        "s3", endpoint_url=url, region_name="us-east-1",
        aws_access_key_id="bench", aws_secret_access_key="bench",
        config=Config(max_pool_connections=pool, retries={"max_attempts": 3},
                      s3={"addressing_style": "path"}),
    )


def browser(url: str):
    from tokenexplorer.aws.clients import AwsCredentials
    from tokenexplorer.aws.credentials import StaticCredentials
    from tokenexplorer.aws.s3 import S3Browser

    return S3Browser(StaticCredentials(AwsCredentials("bench", "bench")), "us-east-1", url)


# ---------------------------------------------------------------- listing


def list_ours(url: str, announce: bool = False) -> dict[str, float]:
    """Time to first page and total, keeping every row (as the UI's model does)."""
    b = browser(url)
    rows: list[object] = []
    started = time.perf_counter()
    first = None
    for page in b.list_prefix(BUCKET, PREFIX):
        if first is None:
            first = time.perf_counter() - started
            if announce:
                print("first page", flush=True)
        rows.extend(page.folders)
        rows.extend(page.objects)
    total = time.perf_counter() - started
    result = {"first": first or total, "total": total, "rows": len(rows)}
    if announce:
        print(json.dumps(result), flush=True)
    return result


def list_ours_memory(url: str) -> float:
    b = browser(url)
    list(b.list_prefix(BUCKET, "nothing-here/"))  # clients made before measuring
    tracemalloc.start()
    rows: list[object] = []
    for page in b.list_prefix(BUCKET, PREFIX):
        rows.extend(page.objects)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / MiB


def _timed_process(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall time, time to the first stdout line, the lines, and the command's peak memory.

    The command is started by a small wrapper process (`--measure`): a child forked straight
    from this big process would report this process's RSS as its own maximum (Linux carries
    the pre-exec high-water mark over), so the wrapper forks it and reports its max RSS."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--measure", *argv],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None and process.stderr is not None
    first = None
    lines: list[bytes] = []
    for line in process.stdout:
        if first is None:
            first = time.perf_counter() - started
        lines.append(line)
    err = process.stderr.read().decode(errors="replace")
    process.wait()
    total = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{argv[0]} failed ({process.returncode}): {err.strip()[-800:]}")
    maxrss = float(err.strip().splitlines()[-1].split()[1])
    return {"first": first or total, "total": total, "rows": len(lines),
            "maxrss_mb": maxrss / 1024, "last": lines[-1].decode() if lines else ""}


def measure(argv: list[str]) -> int:
    """Wrapper mode: run argv (stdout passed through), then print "MAXRSS <KiB>" on stderr."""
    process = subprocess.Popen(argv)
    _, status, usage = os.wait4(process.pid, 0)
    print(f"MAXRSS {usage.ru_maxrss}", file=sys.stderr)
    return os.waitstatus_to_exitcode(status)


def aws_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(DUMMY, AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
    return env


def aws_bin() -> str:
    candidate = Path(sys.executable).parent / "aws"
    found = str(candidate) if candidate.exists() else shutil.which("aws")
    if not found:
        raise SystemExit("awscli is not installed (pip install awscli)")
    return found


def list_aws(url: str) -> dict[str, float]:
    return _timed_process(
        [aws_bin(), "s3", "ls", f"s3://{BUCKET}/{PREFIX}", "--endpoint-url", url], aws_env()
    )


def list_ours_cold(url: str) -> dict[str, float]:
    """Our listing in a fresh process (interpreter and botocore start included), printing a
    line when the first page arrives, as `aws s3 ls` prints its first rows."""
    code = (
        f"import sys;sys.path.insert(0,{str(ROOT)!r});"
        "from benchmarks.bench_s3 import list_ours;list_ours(sys.argv[1], announce=True)"
    )
    result = _timed_process([sys.executable, "-c", code, url], aws_env())
    result["rows"] = json.loads(result["last"])["rows"]
    return result


# ---------------------------------------------------------------- transfers


def aws_start_cost(url: str, work: Path) -> float:
    """`aws s3 cp` of a 1-byte file: the fixed cost (process start, one request) that every
    awscli transfer figure includes and an app that is already running does not pay."""
    tiny = work / "tiny.bin"
    tiny.write_bytes(b"x")
    times = []
    for _ in range(2):
        started = time.perf_counter()
        subprocess.run([aws_bin(), "s3", "cp", str(tiny), f"s3://{BUCKET}/tiny.bin",
                        "--endpoint-url", url, "--only-show-errors"], env=aws_env(), check=True)
        times.append(time.perf_counter() - started)
    return min(times)


def transfer_round(url: str, source: Path, work: Path) -> dict[str, float]:
    b = browser(url)
    list(b.list_prefix(BUCKET, "big/"))  # the app's client exists already (made on listing)
    s3 = admin_client(url)
    size_mb = source.stat().st_size / MiB
    out: dict[str, float] = {}

    started = time.perf_counter()
    subprocess.run([aws_bin(), "s3", "cp", str(source), f"s3://{BUCKET}/big/aws.bin",
                    "--endpoint-url", url, "--only-show-errors"], env=aws_env(), check=True)
    out["aws_up"] = size_mb / (time.perf_counter() - started)

    started = time.perf_counter()
    b.upload(BUCKET, "big/", [source])
    out["ours_up"] = size_mb / (time.perf_counter() - started)

    target_aws = work / "aws"
    target_ours = work / "ours"
    target_aws.mkdir(exist_ok=True)
    target_ours.mkdir(exist_ok=True)
    started = time.perf_counter()
    subprocess.run([aws_bin(), "s3", "cp", f"s3://{BUCKET}/big/{source.name}",
                    str(target_aws / source.name), "--endpoint-url", url, "--only-show-errors"],
                   env=aws_env(), check=True)
    out["aws_down"] = size_mb / (time.perf_counter() - started)

    started = time.perf_counter()
    b.download(BUCKET, [f"big/{source.name}"], target_ours)
    out["ours_down"] = size_mb / (time.perf_counter() - started)

    same = (target_ours / source.name).stat().st_size == source.stat().st_size
    out["ok"] = float(same)
    for path in (target_aws / source.name, target_ours / source.name):
        path.unlink(missing_ok=True)
    s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [
        {"Key": "big/aws.bin"}, {"Key": f"big/{source.name}"}]})
    return out


# ---------------------------------------------------------------- report


def _row(name: str, value: float, unit: str, base: float | None = None,
         higher_is_better: bool = False) -> None:
    ratio = ""
    if base:
        r = value / base
        ratio = f"  ratio {r:.2f}× awscli" + (" (higher is better)" if higher_is_better else "")
    print(f"  {name:<44} {value:9.2f} {unit}{ratio}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=20_000)
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--serve-moto", type=int, metavar="PORT", help=argparse.SUPPRESS)
    if sys.argv[1:2] == ["--measure"]:
        return measure(sys.argv[2:])
    options = parser.parse_args()
    if options.serve_moto:
        serve_moto(options.serve_moto, options.objects)
        return 0
    os.environ.update(DUMMY)

    started = time.perf_counter()
    process, url, seconds = start_moto(options.objects)
    try:
        print(f"moto server: {url} (separate process); awscli: {aws_bin()}")
        print(f"seeded {options.objects} objects in {seconds:.1f} s through moto's S3 backend "
              f"(server ready after {time.perf_counter() - started:.1f} s)")

        print(f"\nListing s3://{BUCKET}/{PREFIX} ({options.objects + 5} rows, 1000 per page)")
        warm: list[dict[str, float]] = []
        cold: list[dict[str, float]] = []
        cli: list[dict[str, float]] = []
        for _ in range(options.rounds):  # interleaved, so drift in machine load hits all
            cli.append(list_aws(url))
            cold.append(list_ours_cold(url))
            warm.append(list_ours(url))
        for runs in (warm, cold, cli):
            assert all(r["rows"] == options.objects + 5 for r in runs), runs[0]["rows"]

        def med(runs: list[dict[str, float]], key: str) -> float:
            return statistics.median(r[key] for r in runs)

        _row("awscli `s3 ls`: first line", med(cli, "first"), "s")
        _row("awscli `s3 ls`: total", med(cli, "total"), "s")
        _row("ours, fresh process: first page", med(cold, "first"), "s", med(cli, "first"))
        _row("ours, fresh process: total", med(cold, "total"), "s", med(cli, "total"))
        _row("ours, in the app (warm): first page", med(warm, "first"), "s", med(cli, "first"))
        _row("ours, in the app (warm): total", med(warm, "total"), "s", med(cli, "total"))
        _row("awscli process peak memory (max RSS)", med(cli, "maxrss_mb"), "MiB")
        _row("ours, fresh process peak memory (max RSS)", med(cold, "maxrss_mb"), "MiB",
             med(cli, "maxrss_mb"))
        _row("ours: Python allocations of the listing", list_ours_memory(url), "MiB")

        with tempfile.TemporaryDirectory(prefix="bench-s3-") as tmp:
            work = Path(tmp)
            start_cost = aws_start_cost(url, work)
            print(f"\nTransfers of one {options.size_mb} MiB object ({options.rounds} rounds, "
                  f"median; awscli fixed cost (cp of 1 byte) = {start_cost:.2f} s)")
            source = work / "big.bin"
            with source.open("wb") as handle:
                for _ in range(options.size_mb):
                    handle.write(os.urandom(MiB))
            rounds = [transfer_round(url, source, work) for _ in range(options.rounds)]
        assert all(r["ok"] for r in rounds)
        size = options.size_mb

        def corrected(rate: float) -> float:
            return size / max(size / rate - start_cost, 1e-6)

        for direction in ("down", "up"):
            aws_rate = statistics.median(r[f"aws_{direction}"] for r in rounds)
            ours_rate = statistics.median(r[f"ours_{direction}"] for r in rounds)
            word = "download" if direction == "down" else "upload"
            _row(f"awscli `s3 cp` {word}", aws_rate, "MiB/s")
            _row(f"ours {word}", ours_rate, "MiB/s", aws_rate, True)
            print(f"  {'':<44} start-corrected ratio {ours_rate / corrected(aws_rate):.2f}× "
                  f"(awscli without its {start_cost:.2f} s start: {corrected(aws_rate):.1f} "
                  "MiB/s)")
        print("\nTargets: listing total ≤ 1.2× awscli; first rows after the first page; "
              "transfers ≥ 0.9× awscli throughput.")
        print(f"Benchmark run time: {time.perf_counter() - started:.0f} s")
    finally:
        process.terminate()
        process.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
