"""Build tokens for the tests: unsigned parts by hand, signed ones with keys made in the test."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from tokenexplorer.resources import read_text

SEED = read_text("samples", "seed-id-token.jwt").strip()
POOL = "us-east-1_TestPool1"
ISS = f"https://cognito-idp.us-east-1.amazonaws.com/{POOL}"
CLIENT = "testclient0000000000000000"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def part(value: Any) -> str:
    return b64(json.dumps(value).encode())


def unsigned(header: dict, payload: dict, signature: bytes = b"") -> str:
    return f"{part(header)}.{part(payload)}.{b64(signature)}"


def jwe(header: dict | None = None) -> str:
    header = header or {"cty": "JWT", "enc": "A256GCM", "alg": "RSA-OAEP"}
    return ".".join([part(header), b64(os.urandom(256)), b64(os.urandom(12)),
                     b64(os.urandom(300)), b64(os.urandom(16))])


def claims(now: float, token_use: str = "id", **extra: Any) -> dict:
    base = {"sub": "u-1", "iss": ISS, "token_use": token_use, "iat": int(now) - 10,
            "exp": int(now) + 3590, "auth_time": int(now) - 10}
    if token_use == "id":
        base["aud"] = CLIENT
    elif token_use == "access":
        base.update(client_id=CLIENT, scope="aws.cognito.signin.user.admin", username="u-1")
    base.update(extra)
    return {k: v for k, v in base.items() if v is not None}


def public_jwk(private_key, kid: str, alg: str | None = None) -> dict:
    from jwt.algorithms import ECAlgorithm, RSAAlgorithm

    algorithm = RSAAlgorithm if hasattr(private_key, "private_numbers") and \
        hasattr(private_key.private_numbers(), "p") else ECAlgorithm
    jwk = json.loads(algorithm.to_jwk(private_key.public_key()))
    jwk["kid"] = kid
    jwk["use"] = "sig"
    if alg:
        jwk["alg"] = alg
    return jwk
