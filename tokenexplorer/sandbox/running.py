"""Start, attach to and reset the sandbox: the engine with its state in the data folder.

`start_sandbox()` starts the engine on the port it had last time (so the saved profile's
endpoint keeps working), seeds it idempotently and returns a `Sandbox`. When that port is
taken by something else, the engine takes any free port and the profile follows it (the
pool, users and tokens' issuer do not depend on the port). When an engine already runs on
the same state (another window, `tokenexplorer sandbox`), the new Sandbox attaches to it
instead of starting a second one.
"""

from __future__ import annotations

import json
import logging
import shutil
import socket
from pathlib import Path

from tokenexplorer.cognito.profiles import Profile
from tokenexplorer.sandbox import lock
from tokenexplorer.sandbox.engine import PORT_BUSY, Engine, start_engine
from tokenexplorer.sandbox.info import SandboxError, SandboxInfo
from tokenexplorer.sandbox.seed import seed_sandbox

PORT_FILE = "sandbox.json"
log = logging.getLogger(__name__)


class Sandbox:
    """A running, seeded sandbox. Stop it with `.stop()` (or use it as a context manager);
    an attached one (`owned` False) leaves the engine it found running."""

    def __init__(self, engine: Engine | None, info: SandboxInfo) -> None:
        self._engine = engine
        self.info = info
        self._stopped = False

    @property
    def owned(self) -> bool:
        return self._engine is not None

    @property
    def endpoint_url(self) -> str:
        return self.info.endpoint_url

    @property
    def profile(self) -> Profile:
        return self.info.profile()

    @property
    def engine_pid(self) -> int | None:
        return self._engine.pid if self._engine is not None else None

    def running(self) -> bool:
        return not self._stopped and (self._engine is None or self._engine.running())

    def stop(self) -> None:
        """Stop the engine (it saves its state first)."""
        if not self._stopped:
            self._stopped = True
            if self._engine is not None:
                self._engine.stop()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _saved_port(directory: Path) -> int:
    try:
        port = int(json.loads((directory / PORT_FILE).read_text(encoding="utf-8"))["port"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0
    return port if 0 < port <= 65535 else 0


def _save_port(directory: Path, port: int) -> None:
    from tokenexplorer.atomic import write_text_atomic

    try:
        write_text_atomic(directory / PORT_FILE, json.dumps({"port": port}))
    except OSError as exc:
        log.warning("sandbox: its port was not saved: %s", exc.strerror)


def _check_port(port: int) -> None:
    if not 0 <= port <= 65535:
        raise SandboxError(f"Port {port} is not a TCP port (0–65535).")


def _start_owned(port: int, directory: Path | None) -> Engine:
    """The engine on `port`, else (when `port` is only the saved one) on any free port."""
    wanted = port or (_saved_port(directory) if directory is not None else 0)
    try:
        return start_engine(wanted, directory)
    except SandboxError as exc:
        if exc.code != PORT_BUSY or port or not wanted:
            raise
        log.info("sandbox: port %d is taken; the engine takes another", wanted)
        return start_engine(0, directory)


def _attach(directory: Path) -> Sandbox | None:
    running = lock.holder(directory)
    if running is None:
        return None
    url = f"http://127.0.0.1:{running['port']}"
    if not running["port"] or not endpoint_answers(url):
        raise SandboxError(
            f"Another sandbox engine (process {running['pid']}) holds {directory} but does "
            "not answer yet; try again in a moment.", "SandboxRunning")
    return Sandbox(None, seed_sandbox(url, directory))


def start_sandbox(port: int = 0, *, data_dir: Path | None = None,
                  persist: bool = True) -> Sandbox:
    """A seeded sandbox on 127.0.0.1: `port` 0 means the saved port, else any free one.
    State lives in `data_dir` (default `paths.sandbox_data_dir()`); `persist=False` keeps
    it in memory only (a fresh sandbox, gone when stopped)."""
    _check_port(port)
    directory: Path | None = None
    if persist:
        from tokenexplorer import paths

        directory = data_dir if data_dir is not None else paths.sandbox_data_dir()
        attached = _attach(directory)
        if attached is not None:
            if port and attached.info.endpoint_url != f"http://127.0.0.1:{port}":
                raise SandboxError(
                    f"The sandbox already runs at {attached.endpoint_url}; stop it first to "
                    f"use port {port}.", "SandboxRunning")
            return attached
    engine = _start_owned(port, directory)
    try:
        info = seed_sandbox(engine.url, directory)
    except BaseException:
        engine.stop()
        raise
    if directory is not None:
        _save_port(directory, engine.port)
    return Sandbox(engine, info)


def running_endpoint(data_dir: Path | None = None) -> str | None:
    """The URL of the engine running on `data_dir` (default: the app's sandbox folder) when
    one runs and answers, else None. Cheap: a lock probe and a TCP connect."""
    from tokenexplorer import paths

    directory = data_dir if data_dir is not None else paths.sandbox_data_dir()
    running = lock.holder(directory)
    if running is None or not running["port"]:
        return None
    url = f"http://127.0.0.1:{running['port']}"
    return url if endpoint_answers(url) else None


def reset_sandbox(data_dir: Path | None = None) -> Path:
    """Delete the sandbox's saved state (the next start seeds a new pool). Refuses with a
    SandboxError while an engine runs on it. Returns the folder that was cleared."""
    from tokenexplorer import paths

    directory = data_dir if data_dir is not None else paths.sandbox_data_dir()
    if not directory.exists():
        return directory
    held = lock.acquire(directory)
    if held is None:
        raise SandboxError("The sandbox is running: stop it (close the window or the "
                           "`tokenexplorer sandbox` command) before resetting it.",
                           "SandboxRunning")
    try:
        for entry in directory.iterdir():
            if entry.name == lock.LOCK_NAME:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    except OSError as exc:
        raise SandboxError(f"The sandbox's state in {directory} could not be removed: "
                           f"{exc.strerror}.") from None
    finally:
        held.close()
    return directory


def endpoint_answers(endpoint_url: str | None, timeout: float = 1.0) -> bool:
    """True when something accepts a TCP connection at the URL's host and port (a quick,
    quiet check that a sandbox endpoint is still alive; no request is sent)."""
    from urllib.parse import urlsplit

    if not endpoint_url:
        return False
    try:
        parts = urlsplit(endpoint_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False
