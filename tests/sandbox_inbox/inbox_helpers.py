"""Helpers of the Sandbox inbox tests (a module name no other test folder uses)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tokenexplorer.cognito.profiles import Profile

PASSWORD = "Inbox-Passw0rd!"


def sign_up(profile: Profile, username: str = "carol") -> None:
    from tokenexplorer.cognito.auth import CognitoAuth

    auth = CognitoAuth(profile, connect_timeout=2, read_timeout=5, retries=0)
    auth.sign_up(username, PASSWORD, {"email": f"{username}@example.com"})


class GetPeer:
    """127.0.0.1 on a free port answering GETs with `answer(path) -> (status, bytes)`."""

    def __init__(self, answer: Callable[[str], tuple[int, bytes]]) -> None:
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                peer.paths.append(self.path)
                status, data = peer.answer(self.path)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    if status in (301, 302):
                        self.send_header("Location", "http://example.com/elsewhere")
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.answer = answer
        self.paths: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def sandbox_profile(endpoint: str, pool: Profile | None = None) -> Profile:
    """The Sandbox profile (is_sandbox) at `endpoint`, on `pool`'s IDs when given."""
    return Profile(name="Sandbox", region="us-east-1",
                   user_pool_id=pool.user_pool_id if pool else "us-east-1_abcdefghi",
                   client_id=pool.client_id if pool else "a" * 26, endpoint_url=endpoint,
                   is_sandbox=True)
