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


def small_rsa_key(bits: int):
    """A real RSA private key of `bits` bits, below the 1024 cryptography will generate:
    two random primes (Miller-Rabin), so weak-key tests use keys an attacker could make."""
    import secrets

    from cryptography.hazmat.primitives.asymmetric import rsa

    def probable_prime(size: int) -> int:
        while True:
            n = secrets.randbits(size) | (1 << (size - 1)) | (1 << (size - 2)) | 1
            if all(n % p for p in (3, 5, 7, 11, 13, 17, 19, 23, 29, 31)) and _miller_rabin(n):
                return n

    e = 65537
    while True:
        p, q = probable_prime(bits // 2), probable_prime(bits - bits // 2)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e and (p * q).bit_length() == bits:
            break
    d = pow(e, -1, phi)
    numbers = rsa.RSAPrivateNumbers(p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q),
                                    rsa.rsa_crt_iqmp(p, q), rsa.RSAPublicNumbers(e, p * q))
    return numbers.private_key()


def _miller_rabin(n: int, rounds: int = 32) -> bool:
    import secrets

    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(rounds):
        x = pow(secrets.randbelow(n - 3) + 2, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True
