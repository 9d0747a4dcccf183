"""Network failures read as plain words everywhere: the JWKS fetch, Cognito and AWS errors and
the Activity log; never "[Errno -2]", "gaierror" or an exception class name."""

from __future__ import annotations

import socket
import ssl

import pytest

from tokenexplorer.net_errors import describe

RAW = ("Errno", "gaierror", "ConnectionRefusedError", "EndpointConnectionError", "URLError",
       "NewConnectionError", "NameResolutionError")


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def assert_plain(text: str) -> None:
    assert text and not any(raw in text for raw in RAW), text


def test_each_kind_of_failure_in_words():
    import urllib.error

    cases = {
        "dns": urllib.error.URLError(socket.gaierror(-2, "Name or service not known")),
        "refused": ConnectionRefusedError(111, "Connection refused"),
        "timeout": TimeoutError("timed out"),
        "tls-certificate": ssl.SSLCertVerificationError(1, "certificate verify failed"),
        "tls": ssl.SSLError(1, "wrong version number"),
        "reset": ConnectionResetError(104, "Connection reset by peer"),
        "unreachable": OSError(101, "Network is unreachable"),
    }
    for kind, error in cases.items():
        problem = describe(error, "https://cognito-idp.us-east-1.amazonaws.com/x")
        assert problem is not None and problem.kind == kind, kind
        assert_plain(problem.words)
        assert "cognito-idp.us-east-1.amazonaws.com" in problem.words
        assert_plain(problem.outcome)
    assert "no network" in describe(cases["dns"], "https://h.example/").words
    assert describe(ValueError("not JSON")) is None


def test_a_dns_failure_through_real_urllib_and_botocore_reads_as_words(monkeypatch):
    import boto3
    from botocore.config import Config

    from tokenexplorer.activity import ActivityLog, attach
    from tokenexplorer.cognito.errors import to_cognito_error

    def no_dns(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    client = boto3.client("cognito-idp", region_name="us-east-1", aws_access_key_id="x",
                          aws_secret_access_key="y", config=Config(retries={"max_attempts": 0}))
    log = ActivityLog()
    attach(client, log)
    with pytest.raises(Exception) as caught:
        client.initiate_auth(ClientId="c", AuthFlow="USER_PASSWORD_AUTH", AuthParameters={})
    message = str(to_cognito_error(caught.value, endpoint=None))
    assert "could not resolve cognito-idp.us-east-1.amazonaws.com" in message
    assert_plain(message)
    [entry] = log.entries()
    assert entry.outcome == "could not resolve host"
    assert "no network" in entry.response["error"]


def test_a_refused_jwks_fetch_reads_as_words():
    from tokenexplorer.tokens import jwks

    url = f"http://127.0.0.1:{unused_port()}/pool/.well-known/jwks.json"
    with pytest.raises(jwks.JwksError) as caught:
        jwks.fetch(url, timeout=2, allow_http=True)
    assert "refused the connection" in caught.value.detail
    assert caught.value.outcome == "connection refused"
    assert_plain(str(caught.value))


def test_aws_errors_name_the_problem_in_words():
    from botocore.exceptions import EndpointConnectionError

    from tokenexplorer.aws.credentials import _explain
    from tokenexplorer.aws.s3_errors import explain

    port = unused_port()
    error = EndpointConnectionError(endpoint_url=f"http://127.0.0.1:{port}",
                                    error=ConnectionRefusedError(111, "Connection refused"))
    for text in (_explain(error, "GetId").message,
                 explain(error, action="ListObjectsV2", resource="b", bucket="b",
                         region="us-east-1").message):
        assert "refused the connection" in text
        assert_plain(text)


def test_the_cli_says_a_failed_key_fetch_in_words(capsys, monkeypatch):
    import time

    import jwt
    from cryptography.hazmat.primitives.asymmetric import ec

    from tokenexplorer import cli

    def no_dns(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    now = int(time.time())
    token = jwt.encode({"sub": "u", "token_use": "id", "iat": now, "exp": now + 600, "aud": "c",
                        "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc"},
                       ec.generate_private_key(ec.SECP256R1()), "ES256", headers={"kid": "k"})
    code = cli.main(["decode", token])
    out = capsys.readouterr().out
    assert "could not resolve cognito-idp.us-east-1.amazonaws.com" in out and "no network" in out
    assert_plain(out.split("Signature:", 1)[1].split("\n", 1)[0])
    assert code == 0  # not checked: no key was available
