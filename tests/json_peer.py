"""A tiny local peer speaking AWS's JSON protocol (cognito-idp, cognito-identity), for tests
that need a server to answer the way no emulator does: hostile, failing or recording."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class JsonPeer:
    """A tiny server speaking the cognito-idp JSON protocol: `handler(target, body)` returns
    (status, body dict or raw text). Runs on 127.0.0.1, a free port, in a thread."""

    def __init__(self, handler: Callable[[str, dict[str, Any]], tuple[int, Any]]) -> None:
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                target = (self.headers.get("X-Amz-Target") or "").rsplit(".", 1)[-1]
                body = json.loads(raw or b"{}")
                peer.requests.append((target, body))
                status, answer = peer.handler(target, body)
                data = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
                kind = "text/html" if isinstance(answer, str) else "application/x-amz-json-1.1"
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args: Any) -> None:
                pass

        self.handler = handler
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
