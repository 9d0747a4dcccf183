"""Slow drip: a server that trickles its answer (a byte every 0.2 s) must not hold a fetch
past its one total deadline, whichever part it drips: the headers or the body."""

from __future__ import annotations

import socket
import socketserver
import threading
import time

import pytest

from tokenexplorer.deadline import DeadlineExceeded, http_get, run_with_deadline
from tokenexplorer.tokens import jwks

DEADLINE = 1.0
MARGIN = 2.0  # generous: what is tested is that the deadline holds, not its precision
DRIP = 0.2


class _Dripper(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.recv(65536)
        server = self.server
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        if server.part == "body":
            self.request.sendall(head + b"Content-Length: 1000000\r\n\r\n")
            drip = b'{"keys": [' + b" " * 999_990
        else:
            drip = head + b"X-Slow: " + b"a" * 60_000
        try:
            for byte in drip:
                self.request.sendall(bytes([byte]))
                time.sleep(DRIP)  # the attack itself: one byte, then a pause
        except OSError:
            server.client_gone.set()  # the client cut the connection


@pytest.fixture(params=["headers", "body"])
def dripping(request):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Dripper)
    server.daemon_threads = True
    server.part = request.param
    server.client_gone = threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _url(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/pool/.well-known/jwks.json"


@pytest.mark.network
def test_slow_drip_jwks_fetch_fails_by_its_total_deadline(dripping):
    started = time.monotonic()
    with pytest.raises(jwks.JwksError, match=f"no complete answer within {DEADLINE:g} s"):
        jwks.fetch(_url(dripping), timeout=DEADLINE, allow_http=True)
    assert time.monotonic() - started < DEADLINE + MARGIN
    # The connection is cut at the deadline, so no worker keeps reading the drip.
    assert dripping.client_gone.wait(DEADLINE + MARGIN)


@pytest.mark.network
def test_slow_drip_http_get_raises_deadline_exceeded(dripping):
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        http_get(_url(dripping), seconds=DEADLINE, max_bytes=2_000_000)
    assert time.monotonic() - started < DEADLINE + MARGIN


def test_slow_drip_deadline_passes_results_and_errors_through():
    assert run_with_deadline(lambda: 42, 5.0) == 42
    with pytest.raises(KeyError):
        run_with_deadline(lambda: {}["missing"], 5.0)
    blocked = threading.Event()
    with pytest.raises(DeadlineExceeded, match=r"within 0\.3 s"):
        run_with_deadline(lambda: blocked.wait(30), 0.3, "a hung call",
                          on_expiry=blocked.set)
    assert blocked.is_set()


@pytest.mark.network
def test_slow_drip_a_fast_server_is_read_whole():
    listener = socket.create_server(("127.0.0.1", 0))

    def answer() -> None:
        conn, _ = listener.accept()
        conn.recv(65536)
        body = b'{"keys": []}'
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        conn.close()

    threading.Thread(target=answer, daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    assert http_get(url, seconds=5, max_bytes=100) == b'{"keys": []}'
    listener.close()


@pytest.mark.network
def test_slow_drip_aws_call_fails_by_its_total_deadline(dripping):
    """botocore's read timeout (5 s here) never trips on a drip: the attempt deadline does."""
    from botocore.exceptions import ReadTimeoutError

    from tokenexplorer.aws.clients import make_client

    client = make_client("cognito-idp", region="us-east-1",
                         endpoint_url=f"http://127.0.0.1:{dripping.server_address[1]}",
                         unsigned=True, read_timeout=5, retries=0, deadline=DEADLINE)
    started = time.monotonic()
    with pytest.raises(ReadTimeoutError):
        client.initiate_auth(ClientId="c", AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": "u", "PASSWORD": "p"})
    assert time.monotonic() - started < DEADLINE + MARGIN


def _self_signed(tmp_path) -> tuple[str, str]:
    """A certificate for 127.0.0.1 and its key, as PEM files."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


@pytest.mark.network
def test_slow_drip_over_https_fails_by_its_total_deadline(dripping, tmp_path, monkeypatch):
    """The same deadline (and the cut connection) when the drip comes inside TLS."""
    import ssl

    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    dripping.socket = context.wrap_socket(dripping.socket, server_side=True)
    monkeypatch.setenv("SSL_CERT_FILE", cert)  # the client trusts this one certificate
    url = _url(dripping).replace("http://", "https://")
    started = time.monotonic()
    with pytest.raises(jwks.JwksError, match=f"no complete answer within {DEADLINE:g} s"):
        jwks.fetch(url, timeout=DEADLINE)
    assert time.monotonic() - started < DEADLINE + MARGIN
    assert dripping.client_gone.wait(DEADLINE + MARGIN)


@pytest.mark.parametrize("seconds", [float("inf"), float("nan"), 1e12])
def test_slow_drip_deadline_refuses_an_endless_deadline(seconds):
    """An 'infinite' deadline is no deadline (and past threading's limit, a crash)."""
    with pytest.raises(ValueError, match="at most"):
        run_with_deadline(lambda: 42, seconds)
