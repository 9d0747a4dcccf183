"""Release steps shared by packaging/build.sh on all three systems and by the packaging tests.

Plain Python (no Qt, no PyInstaller), so the same step runs on a GitHub runner, here, and in
the tests:

    python packaging/release_steps.py smoke BINARY [--windowed BINARY]
        run each built binary's --smoke-test offscreen with a throw-away config and cache;
        fail unless it exits 0 (and, with a console, prints "smoke: all N checks passed"
        with nothing unexpected on stderr). A --windowed binary has no stdout: exit status only.
    python packaging/release_steps.py checksums FILE...
        write FILE.sha256 next to each FILE ("<hex>  <name>", as `sha256sum -c` reads it).
    python packaging/release_steps.py glibc BUNDLE_DIR [--max 2.35]
        the newest GLIBC_x.y symbol version any ELF file in the bundle needs, i.e. the oldest
        glibc the bundle runs on; fail when it is newer than --max (needs binutils' readelf).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

SMOKE_TIMEOUT_S = 300
# What Qt's offscreen platform prints on every run; anything else on stderr is a problem.
BENIGN_STDERR = (re.compile(r"^This plugin does not support propagateSizeHints\(\)$"),)
SMOKE_PASSED = re.compile(r"^smoke: all (\d+) checks passed$")
GLIBC_NEED = re.compile(r"Name: GLIBC_(\d+(?:\.\d+)+)\b")
ELF_MAGIC = b"\x7fELF"


class StepFailed(Exception):
    """A release step failed; the message says what and why, in one or a few lines."""


# --- smoke test -----------------------------------------------------------------------------

def unexpected_stderr(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if line.strip() and not any(p.search(line) for p in BENIGN_STDERR)]


def smoke_env(workdir: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a smoke run: offscreen, and config/cache in `workdir`, so a smoke
    test on a developer's machine or a runner touches none of the user's files."""
    env = dict(os.environ if base is None else base)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["TOKENEXPLORER_CONFIG_DIR"] = str(workdir / "config")
    env["TOKENEXPLORER_CACHE_DIR"] = str(workdir / "cache")
    env.pop("QT_DEBUG_PLUGINS", None)
    return env


def run_smoke(command: Sequence[str], workdir: Path,
              timeout: float = SMOKE_TIMEOUT_S) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, "--smoke-test"], capture_output=True, text=True, timeout=timeout,
        env=smoke_env(workdir), cwd=workdir, stdin=subprocess.DEVNULL,
        encoding="utf-8", errors="replace",
    )


def judge_smoke(result: subprocess.CompletedProcess, *, windowed: bool = False) -> str:
    """One line saying the smoke test passed, or StepFailed with the output that shows why."""
    if result.returncode != 0:
        raise StepFailed(f"--smoke-test exited {result.returncode}\n{result.stdout}"
                         f"{result.stderr}")
    if windowed:
        return "exit status 0 (windowed: no console output to read)"
    last = (result.stdout.strip().splitlines() or [""])[-1]
    if not SMOKE_PASSED.match(last):
        raise StepFailed(f"--smoke-test did not report all checks passed:\n{result.stdout}")
    noise = unexpected_stderr(result.stderr)
    if noise:
        raise StepFailed("--smoke-test wrote to stderr:\n" + "\n".join(noise))
    return last


def smoke(binaries: Iterable[tuple[Path, bool]]) -> list[str]:
    lines = []
    for binary, windowed in binaries:
        binary = binary.resolve()  # it runs in a temporary folder: a relative path would miss
        if not binary.is_file():
            raise StepFailed(f"no built binary at {binary}")
        # a file still held open by an exiting process must not fail the step (Windows)
        with tempfile.TemporaryDirectory(prefix="te-smoke-", ignore_cleanup_errors=True) as workdir:
            result = run_smoke([str(binary)], Path(workdir))
        if not windowed:
            print(result.stdout, end="", flush=True)
        lines.append(f"{binary.name}: {judge_smoke(result, windowed=windowed)}")
    return lines


# --- checksums ------------------------------------------------------------------------------

def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_checksum(path: Path) -> Path:
    """PATH.sha256 holding "<hex>  <file name>" (a relative name: checkable after download)."""
    target = path.with_name(path.name + ".sha256")
    partial = target.with_name(target.name + ".part")
    partial.write_text(f"{sha256_of(path)}  {path.name}\n", encoding="utf-8", newline="\n")
    partial.replace(target)  # never a half-written checksum next to the artifact
    return target


def verify_checksum(checksum_file: Path) -> bool:
    digest, _, name = checksum_file.read_text(encoding="utf-8").strip().partition("  ")
    artifact = checksum_file.with_name(name)
    return bool(name) and artifact.is_file() and sha256_of(artifact) == digest


# --- glibc floor ----------------------------------------------------------------------------

def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def elf_files(bundle: Path) -> list[Path]:
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == ELF_MAGIC:
                    found.append(path)
    return found


def glibc_needs(readelf_output: str) -> set[str]:
    return set(GLIBC_NEED.findall(readelf_output))


def glibc_floor(bundle: Path) -> tuple[str, Path]:
    """(newest GLIBC version needed, a file that needs it) over every ELF file in `bundle`."""
    readelf = shutil.which("readelf")
    if readelf is None:
        raise StepFailed("readelf is missing: install binutils (scripts/system-deps.sh does)")
    best: tuple[tuple[int, ...], str, Path] | None = None
    for path in elf_files(bundle):
        out = subprocess.run([readelf, "-V", "-W", str(path)], capture_output=True,
                             text=True, check=True).stdout
        for version in glibc_needs(out):
            if best is None or _version(version) > best[0]:
                best = (_version(version), version, path)
    if best is None:
        raise StepFailed(f"no ELF file in {bundle} needs glibc: not a Linux bundle?")
    return best[1], best[2]


def check_glibc(bundle: Path, maximum: str | None) -> str:
    version, path = glibc_floor(bundle)
    line = f"needs glibc >= {version} (newest symbol version, first needed by {path.name})"
    if maximum and _version(version) > _version(maximum):
        raise StepFailed(f"the bundle {line}, newer than the allowed {maximum}")
    return line


# --- command line ---------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="release_steps.py", description=__doc__.split("\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    smoke_p = steps.add_parser("smoke", help="run built binaries' --smoke-test")
    smoke_p.add_argument("binaries", nargs="*", type=Path)
    smoke_p.add_argument("--windowed", action="append", type=Path, default=[])
    sums = steps.add_parser("checksums", help="write FILE.sha256 for each FILE")
    sums.add_argument("files", nargs="+", type=Path)
    glibc = steps.add_parser("glibc", help="the oldest glibc a Linux bundle runs on")
    glibc.add_argument("bundle", type=Path)
    glibc.add_argument("--max", dest="maximum")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    try:
        if options.step == "smoke":
            pairs = [(b, False) for b in options.binaries] + [(b, True) for b in options.windowed]
            if not pairs:
                raise StepFailed("no binary given")
            lines = smoke(pairs)
        elif options.step == "checksums":
            lines = [f"{write_checksum(f).name}: {sha256_of(f)}" for f in options.files]
        else:
            lines = [check_glibc(options.bundle, options.maximum)]
    except (StepFailed, OSError, subprocess.SubprocessError) as exc:
        print(f"release_steps {options.step}: FAILED: {exc}", file=sys.stderr)
        return 1
    for line in lines:
        print(f"release_steps {options.step}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
