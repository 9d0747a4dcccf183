"""Browser attacks on the sandbox: a web page must not read or drive the local emulator,
neither cross-origin (CORS), nor by DNS rebinding (a foreign Host name that resolves to
127.0.0.1), nor through the engine's admin API (/_ministack/: reset, sent mail). Real HTTP."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest

from tokenexplorer.cognito.sandbox import start_sandbox

pytestmark = pytest.mark.network
LIST_POOLS = {"Content-Type": "application/x-amz-json-1.1",
              "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools",
              "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/"
                               "cognito-idp/aws4_request, SignedHeaders=host, Signature=0"}


@pytest.fixture(scope="module")
def sandbox():
    with start_sandbox(persist=False) as running:
        yield running


def _request(sandbox, method, path, headers=None, body=None, host=None):
    parts = urlsplit(sandbox.endpoint_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        conn.putrequest(method, path, skip_host=True)
        conn.putheader("Host", host or f"{parts.hostname}:{parts.port}")
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        data = json.dumps(body).encode() if body is not None else b""
        conn.putheader("Content-Length", str(len(data)))
        conn.endheaders(data)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def _cors_headers(headers):
    return {k: v for k, v in headers.items() if k.lower().startswith("access-control-")}


def test_cross_origin_sandbox_calls_from_a_web_page_are_refused(sandbox):
    for origin in ("https://evil.example", "null", "http://127.0.0.1:8000"):
        status, headers, _ = _request(sandbox, "POST", "/", {**LIST_POOLS, "Origin": origin},
                                      {"MaxResults": 10})
        assert status == 403, origin
        assert _cors_headers(headers) == {}, origin
    status, headers, _ = _request(sandbox, "OPTIONS", "/", {
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-amz-target"})
    assert status == 403 and _cors_headers(headers) == {}
    status, _, _ = _request(sandbox, "GET", "/", {"Sec-Fetch-Site": "cross-site"})
    assert status == 403


def test_cross_origin_headers_never_leave_the_sandbox_even_for_local_callers(sandbox):
    status, headers, body = _request(sandbox, "POST", "/", LIST_POOLS, {"MaxResults": 10})
    assert status == 200, body
    assert "UserPools" in json.loads(body)
    assert _cors_headers(headers) == {}


def test_dns_rebinding_a_foreign_host_name_is_refused(sandbox):
    port = urlsplit(sandbox.endpoint_url).port
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}",
                 f"127.0.0.1:{port + 1}", "127.0.0.1"):
        status, _, _ = _request(sandbox, "POST", "/", LIST_POOLS, {"MaxResults": 1}, host=host)
        assert status == 403, host
    status, _, _ = _request(sandbox, "POST", "/", LIST_POOLS, {"MaxResults": 1},
                            host=f"localhost:{port}")
    assert status == 200


def test_admin_api_refused_to_web_pages(sandbox):
    for method, path in (("GET", "/_ministack/ses/messages"), ("POST", "/_ministack/reset"),
                         ("GET", "/_ministack/config"), ("GET", "/_ministack/health")):
        status, _, body = _request(sandbox, method, path, {"Origin": "https://evil.example"})
        assert status == 403, path
        assert sandbox.info.password.encode() not in body
    # The reset above did nothing: the demo user still signs in (over SRP).
    from tokenexplorer.cognito.auth import CognitoAuth, Tokens

    auth = CognitoAuth(sandbox.profile)
    step = auth.sign_in(sandbox.info.username, sandbox.info.password, flow="srp")
    assert isinstance(auth.respond(step, {}), Tokens)


def test_the_jwks_and_s3_stay_served_to_programs(sandbox):
    import urllib.request

    info = sandbox.info
    url = f"{info.endpoint_url}/{info.user_pool_id}/.well-known/jwks.json"
    with urllib.request.urlopen(url, timeout=5) as response:
        assert json.load(response)["keys"]
    status, _, _ = _request(sandbox, "GET", f"/{info.bucket}/public/README.txt")
    assert status == 403  # unsigned S3 GET: the engine wants a signature (AUTH=true)


# 127.0.0.1, ::1 and ::ffff:127.0.0.1 as /proc/net/tcp{,6} write them (32-bit words, host order)
_LOOPBACK = {"0100007F", "00000000000000000000000001000000", "0000000000000000FFFF00000100007F"}


def _listening_addresses(port: int) -> set[str]:
    """The local addresses of every TCP socket listening on `port` (Linux's /proc/net)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table, encoding="ascii") as lines:
            for line in list(lines)[1:]:
                fields = line.split()
                address, hex_port = fields[1].split(":")
                if fields[3] == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add("loopback" if address.upper() in _LOOPBACK else address)
    return found


def test_loopback_only_the_sandbox_is_not_reachable_from_the_network(sandbox):
    """Bound to 127.0.0.1 only: every socket listening on the sandbox's port is loopback
    (read from the kernel's table, without sending anything to another address)."""
    parts = urlsplit(sandbox.endpoint_url)
    assert parts.hostname == "127.0.0.1"
    assert _listening_addresses(parts.port) == {"loopback"}
