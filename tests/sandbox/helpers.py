"""Helpers for the sandbox tests: plain boto3 clients and raw HTTP requests."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit


def boto(service, endpoint, *, keys=("test", "test"), token=None):
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        service, endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id=keys[0], aws_secret_access_key=keys[1], aws_session_token=token,
        config=Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"},
                      connect_timeout=5, read_timeout=20))


def raw_request(endpoint, method, path, headers=None, body=b"", host=None):
    """One HTTP request with exactly these headers (Host too); (status, headers, body)."""
    parts = urlsplit(endpoint)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", f"{parts.hostname}:{parts.port}" if host is None else host)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        conn.putheader("Content-Length", str(len(data)))
        conn.endheaders(data)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def sign_in_password(info, username, password, client_id=None):
    idp = boto("cognito-idp", info.endpoint_url)
    return idp.initiate_auth(
        ClientId=client_id or info.client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password})["AuthenticationResult"]
