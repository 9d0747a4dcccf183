"""The engine's child process: ministack's ASGI app behind `LocalOnly`, on 127.0.0.1 only.

Run as `python -m tokenexplorer.sandbox.serve --port N [--state-dir DIR]`. With a state
folder it first takes that folder's lock (one engine per folder, see lock.py). It binds the
socket first (so the port, even 0, is known before ministack reads GATEWAY_PORT at import),
prints one JSON line `{"port": N}` on stdout, and stops cleanly (saving state) on SIGTERM or
when its stdin closes: a parent that dies takes its engine with it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import sys
import threading

ENGINE_SERVICES = "cognito-idp,cognito-identity,s3,sts,iam,ses,sns"


def engine_settings(port: int, state_dir: str | None) -> dict[str, str]:
    """ministack's settings: loopback, SigV4 + IAM enforced, only the services we use."""
    settings = {
        "BIND_HOST": "127.0.0.1",
        "GATEWAY_PORT": str(port),
        "MINISTACK_HOST": "localhost",
        "MINISTACK_REGION": "us-east-1",
        "AUTH": "true",
        "SERVICES": ENGINE_SERVICES,
        "IOT_MTLS_ENABLED": "0",
        "LOG_LEVEL": "WARNING",
    }
    if state_dir:
        settings.update({"PERSIST_STATE": "1", "STATE_DIR": state_dir, "S3_PERSIST": "1",
                         "S3_DATA_DIR": os.path.join(state_dir, "s3")})
    return settings


def _bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if os.name != "nt":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _watch_parent(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    """Stop when stdin reaches end of file: the parent closed it or died."""
    def wait() -> None:
        try:  # the raw descriptor: a buffered reader's lock would abort the interpreter's exit
            while os.read(sys.stdin.fileno(), 1024):
                pass
        except (OSError, ValueError):
            pass
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=wait, name="engine-parent-watch", daemon=True).start()


async def _serve(sock: socket.socket) -> None:
    from hypercorn.asyncio import serve
    from hypercorn.config import Config
    from ministack.app import app

    from tokenexplorer.sandbox.guard import LocalOnly
    from tokenexplorer.sandbox.identity_scope import IdentityScope

    config = Config()
    config.bind = [f"fd://{sock.fileno()}"]
    config.accesslog = None
    config.errorlog = None
    config.keep_alive_timeout = 75
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    if os.name != "nt":
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        loop.add_signal_handler(signal.SIGINT, stop.set)
    _watch_parent(loop, stop)
    await serve(LocalOnly(IdentityScope(app), sock.getsockname()[1]), config,  # type: ignore[arg-type]
                shutdown_trigger=stop.wait)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tokenexplorer-sandbox-engine")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--state-dir", default=None)
    args = parser.parse_args(argv)
    held = None
    if args.state_dir:
        from pathlib import Path

        from tokenexplorer.sandbox import lock

        held = lock.acquire(Path(args.state_dir))
        if held is None:
            print(json.dumps({"error": f"another engine is running on {args.state_dir}",
                              "reason": "running"}), flush=True)
            return 3
    try:
        sock = _bind(args.port)
    except OSError as exc:
        print(json.dumps({"error": f"127.0.0.1:{args.port}: {exc.strerror}",
                          "reason": "port"}), flush=True)
        return 2
    port = sock.getsockname()[1]
    if held is not None:
        lock.record(held, port)
    os.environ.update(engine_settings(port, args.state_dir))
    print(json.dumps({"port": port}), flush=True)
    asyncio.run(_serve(sock))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
