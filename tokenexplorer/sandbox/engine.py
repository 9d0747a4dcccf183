"""Start and stop the sandbox's engine (ministack, see serve.py) as a child process.

The child is this interpreter running `tokenexplorer.sandbox.serve` (in a frozen app, the app
binary with `--sandbox-engine`). Its stdin is a pipe held open by us: when this process
ends, for any reason, the engine sees end of file and stops, saving its state.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

from tokenexplorer.sandbox.info import SandboxError

ENGINE_FLAG = "--sandbox-engine"
START_TIMEOUT_S = 20.0


PORT_BUSY = "SandboxPortBusy"
ALREADY_RUNNING = "SandboxRunning"
_REASON_CODES = {"port": PORT_BUSY, "running": ALREADY_RUNNING}


class EngineError(SandboxError):
    """The engine could not start; the message says why, `code` what (PORT_BUSY, ...)."""


def engine_command(port: int, state_dir: Path | None) -> list[str]:
    if getattr(sys, "frozen", False):
        command = [sys.executable, ENGINE_FLAG]
    else:
        command = [sys.executable, "-m", "tokenexplorer.sandbox.serve"]
    command += ["--port", str(port)]
    if state_dir is not None:
        command += ["--state-dir", str(state_dir)]
    return command


class Engine:
    """A running engine on http://127.0.0.1:port. `stop()` ends it and waits for its save."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, log: IO[bytes]) -> None:
        self._process = process
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._log = log

    @property
    def pid(self) -> int:
        return self._process.pid

    def running(self) -> bool:
        return self._process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(5)
        if self._process.stdin:
            self._process.stdin.close()
        self._log.close()


LOG_LIMIT = 1_000_000


def _open_log(path: Path) -> IO[bytes]:
    """The engine's stderr, appended (another engine may be writing it: never truncated);
    past LOG_LIMIT the old log becomes engine.log.1."""
    try:
        if path.stat().st_size > LOG_LIMIT:
            path.replace(path.with_name(path.name + ".1"))
    except OSError:
        pass
    return open(path, "ab")


def _read_port(process: subprocess.Popen[bytes], deadline: float) -> int:
    assert process.stdout is not None
    line = b""
    while time.monotonic() < deadline:
        # The child prints its line before importing ministack: a blocking read is short.
        line = process.stdout.readline()
        if line or process.poll() is not None:
            break
    try:
        answer = json.loads(line or b"{}")
    except ValueError:
        answer = {}
    if "port" not in answer:
        detail = answer.get("error") or "it stopped before binding a port"
        raise EngineError(f"The sandbox's engine did not start: {detail}.",
                          _REASON_CODES.get(str(answer.get("reason")), "Sandbox"))
    return int(answer["port"])


def _wait_ready(engine: Engine, deadline: float) -> None:
    while time.monotonic() < deadline:
        if not engine.running():
            raise EngineError("The sandbox's engine stopped while starting.")
        try:
            with urllib.request.urlopen(f"{engine.url}/_ministack/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.05)
    raise EngineError(f"The sandbox's engine did not answer within {START_TIMEOUT_S:.0f} s.")


def start_engine(port: int = 0, state_dir: Path | None = None,
                 timeout: float = START_TIMEOUT_S) -> Engine:
    """Start the engine on 127.0.0.1:`port` (0: any free port); state kept in `state_dir`
    when given (else in memory only). Returns once it answers."""
    if not 0 <= port <= 65535:
        raise EngineError(f"Port {port} is not a TCP port (0–65535).")
    if state_dir is not None:
        state_dir.mkdir(parents=True, exist_ok=True)
        log: IO[bytes] = _open_log(state_dir / "engine.log")
    else:
        log = tempfile.TemporaryFile()  # noqa: SIM115
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    process = subprocess.Popen(engine_command(port, state_dir), stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=log, env=env)
    deadline = time.monotonic() + timeout
    try:
        engine = Engine(process, _read_port(process, deadline), log)
        _wait_ready(engine, deadline)
    except BaseException:
        process.kill()
        process.wait(5)
        log.close()
        raise
    return engine
