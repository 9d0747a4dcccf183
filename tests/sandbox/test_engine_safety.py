"""The engine is safe to run on a desktop: loopback only, no CORS, no admin API or API call
for web pages (hosted-UI pages excepted), no foreign Host names, and it stops with its
parent. Real HTTP and the kernel's own socket tables."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.sandbox.helpers import raw_request
from tokenexplorer.sandbox.guard import LocalOnly

pytestmark = pytest.mark.network
REPO = Path(__file__).resolve().parents[2]
LIST_POOLS = {"Content-Type": "application/x-amz-json-1.1",
              "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools",
              "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/"
                               "cognito-idp/aws4_request, SignedHeaders=host, Signature=0"}
# 127.0.0.1 as /proc/net/tcp writes it, and ::1 / ::ffff:127.0.0.1 in tcp6
_LOOPBACK = {"0100007F", "00000000000000000000000001000000", "0000000000000000FFFF00000100007F"}


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    return inodes


def _bound_sockets(inodes: set[str]) -> list[tuple[str, str, int, str]]:
    """(table, address, port, state) of every TCP/UDP socket with one of these inodes."""
    found = []
    for table in ("tcp", "tcp6", "udp", "udp6"):
        with open(f"/proc/net/{table}", encoding="ascii") as lines:
            for line in list(lines)[1:]:
                fields = line.split()
                address, hex_port = fields[1].split(":")
                if fields[9] in inodes:
                    found.append((table, address.upper(), int(hex_port, 16), fields[3]))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc/net")
def test_the_engine_listens_on_loopback_and_its_port_only(sandbox):
    port = urlsplit(sandbox.endpoint_url).port
    sockets = _bound_sockets(_socket_inodes(sandbox.engine_pid))
    listening = [s for s in sockets if s[0].startswith("tcp") and s[3] == "0A"]
    assert listening and all(s[1] in _LOOPBACK and s[2] == port for s in listening), sockets
    assert not [s for s in sockets if s[0].startswith("udp")], sockets  # no UDP listener
    bound_elsewhere = [s for s in sockets if s[1] not in _LOOPBACK and s[3] == "0A"]
    assert bound_elsewhere == []


def test_no_access_control_header_ever_leaves(sandbox):
    for headers in (LIST_POOLS, {**LIST_POOLS, "Origin": "https://evil.example"}):
        status, answer, _ = raw_request(sandbox.endpoint_url, "POST", "/", headers,
                                        {"MaxResults": 1})
        assert status in (200, 403)
        assert not [h for h in answer if h.lower().startswith("access-control-")], answer
    status, answer, _ = raw_request(sandbox.endpoint_url, "OPTIONS", "/", {
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert status == 403
    assert not [h for h in answer if h.lower().startswith("access-control-")]


@pytest.mark.parametrize("path", ["/_ministack/health", "/_ministack/reset",
                                  "/_ministack/ses/messages", "/_ministack/config"])
def test_admin_api_refused_to_web_pages(sandbox, path):
    own = sandbox.endpoint_url
    for headers in ({"Origin": "https://evil.example"}, {"Origin": own},
                    {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        status, _, body = raw_request(own, "POST", path, headers)
        assert status == 403, (path, headers)
        assert b"admin API" in body
    # Refused means not done: the pool is still there after the "reset".
    status, _, body = raw_request(own, "POST", "/", LIST_POOLS, {"MaxResults": 5})
    assert status == 200 and sandbox.info.user_pool_id.encode() in body


def test_a_foreign_host_name_is_refused(sandbox):
    port = urlsplit(sandbox.endpoint_url).port
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}",
                 f"127.0.0.1:{port + 1}", "127.0.0.1", ""):
        status, _, _ = raw_request(sandbox.endpoint_url, "POST", "/", LIST_POOLS,
                                   {"MaxResults": 1}, host=host)
        assert status == 403, host
    status, _, _ = raw_request(sandbox.endpoint_url, "POST", "/", LIST_POOLS,
                               {"MaxResults": 1}, host=f"localhost:{port}")
    assert status == 200


def test_hosted_ui_pages_are_served_to_a_top_level_navigation(sandbox):
    query = urlencode({"response_type": "code", "client_id": sandbox.info.hosted_ui_client_id,
                       "redirect_uri": "http://localhost:53682/callback", "scope": "openid"})
    navigation = {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate",
                  "Sec-Fetch-Dest": "document"}
    status, headers, page = raw_request(sandbox.endpoint_url, "GET",
                                        f"/oauth2/authorize?{query}", navigation)
    assert status == 200 and b"<form" in page
    assert headers.get("content-type", headers.get("Content-Type", "")).startswith("text/html")
    # The same page fetched by another site's script is refused.
    status, _, _ = raw_request(sandbox.endpoint_url, "GET", f"/oauth2/authorize?{query}",
                               {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
    assert status == 403


PARENT = """
import json, sys, time
from tokenexplorer.sandbox.engine import start_engine
engine = start_engine()
print(json.dumps({"pid": engine.pid, "url": engine.url}), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\nState:\tZ" in status.read_text())


def test_the_engine_stops_when_its_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE,
                              cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        started = json.loads(parent.stdout.readline())
        assert _alive(started["pid"])
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 15
        while _alive(started["pid"]) and time.monotonic() < deadline:
            time.sleep(0.05)  # polling the condition (the engine's exit), bounded
        assert not _alive(started["pid"]), "the engine outlived its killed parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(10)


@given(st.text(max_size=30), st.integers(0, 65535))
def test_only_loopback_names_on_the_port_pass(name, port):
    async def app(scope, receive, send):  # never called by host_allowed
        raise AssertionError

    guard = LocalOnly(app, 4567)
    allowed = name.lower() in ("127.0.0.1", "localhost") and port == 4567
    assert guard.host_allowed(f"{name}:{port}") is allowed
