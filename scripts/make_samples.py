"""Make the gallery's sample tokens (resources/samples/gallery/) the same way every time.

    python scripts/make_samples.py           # write the tokens and the sample JWKS
    python scripts/make_samples.py --check   # exit 1 when a committed file differs
    python scripts/make_samples.py --new-key # once: make the SAMPLE signing key

They are signed with scripts/samples/sample-signing-key.json: a key made for the samples
only, committed on purpose so anyone can see (and teach) how tokens are forged. It signs
nothing real. RS256 (PKCS#1 v1.5) signatures are deterministic and the claims are fixed,
so the output only changes when this script does.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KEY_FILE = ROOT / "scripts" / "samples" / "sample-signing-key.json"
OUT = ROOT / "resources" / "samples" / "gallery"
KID = "token-explorer-SAMPLE-key-1"
REGION = "us-east-1"
POOL = f"{REGION}_SAMPLE0001"
ISS = f"https://cognito-idp.{REGION}.amazonaws.com/{POOL}"
CLIENT = "sampleclient00000000000001"
M2M_CLIENT = "samplem2mclient00000000001"
IDENTITY_POOL = f"{REGION}:00000000-0000-4000-8000-00000000a001"
IDENTITY_ID = f"{REGION}:00000000-0000-4000-8000-00000000b001"
SUB = "00000000-0000-4000-8000-00000000c001"
IAT = 1796083200  # 2026-12-01 00:00 UTC
FAR = 4102444800  # 2100-01-01 00:00 UTC: the samples stay "valid" for lessons
EXPIRED_IAT = 1767603600  # 2026-01-05 09:00 UTC, exp one hour later
KEY_LABEL = ("SAMPLE KEY for Token Explorer's sample tokens only. Not secret, never a real "
             "key: anyone can sign tokens with it.")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def part(value: dict[str, Any]) -> str:
    return b64(json.dumps(value, separators=(",", ":"), sort_keys=False).encode())


def load_key() -> Any:
    from jwt.algorithms import RSAAlgorithm

    return RSAAlgorithm.from_jwk(KEY_FILE.read_text(encoding="utf-8"))


def new_key() -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.algorithms import RSAAlgorithm

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key))
    KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    KEY_FILE.write_text(json.dumps({"_warning": KEY_LABEL, "kid": KID, **jwk}, indent=2) + "\n")


def public_jwks(key: Any) -> dict[str, Any]:
    from jwt.algorithms import RSAAlgorithm

    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return {"_warning": "The public half of Token Explorer's SAMPLE key: it verifies the "
                        "gallery's samples only.",
            "keys": [{"alg": "RS256", "e": jwk["e"], "kid": KID, "kty": "RSA", "n": jwk["n"],
                      "use": "sig"}]}


def rs256(key: Any, header: dict[str, Any], payload: dict[str, Any]) -> str:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    signing_input = f"{part(header)}.{part(payload)}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64(signature)}"


def id_claims(**extra: Any) -> dict[str, Any]:
    claims = {"sub": SUB, "email_verified": True, "iss": ISS,
              "cognito:username": "jane.sample", "origin_jti": "sample-origin-jti-0001",
              "aud": CLIENT, "event_id": "sample-event-0001", "token_use": "id",
              "auth_time": IAT, "name": "Jane Sample", "exp": FAR, "iat": IAT,
              "jti": "sample-jti-id-0001", "email": "jane.sample@example.com"}
    claims.update(extra)
    return claims


def access_claims() -> dict[str, Any]:
    return {"sub": SUB, "iss": ISS, "client_id": CLIENT, "origin_jti": "sample-origin-jti-0001",
            "event_id": "sample-event-0001", "token_use": "access",
            "scope": "aws.cognito.signin.user.admin", "auth_time": IAT, "exp": FAR, "iat": IAT,
            "jti": "sample-jti-access-0001", "username": "jane.sample"}


def federated_claims() -> dict[str, Any]:
    identities = [{"dateCreated": "1796083100000", "userId": "108234567890123456789",
                   "providerName": "Google", "providerType": "Google", "issuer": None,
                   "primary": "true"}]
    return id_claims(**{"cognito:username": "google_108234567890123456789",
                        "identities": identities, "jti": "sample-jti-federated-0001"})


def identity_pool_claims() -> dict[str, Any]:
    return {"sub": IDENTITY_ID, "aud": IDENTITY_POOL, "amr": [
        "authenticated", f"cognito-idp.{REGION}.amazonaws.com/{POOL}",
        f"cognito-idp.{REGION}.amazonaws.com/{POOL}:CognitoSignIn:{SUB}"],
        "iss": "https://cognito-identity.amazonaws.com", "exp": FAR, "iat": IAT,
        "https://cognito-identity.amazonaws.com/identity-pool-arn":
            f"arn:aws:cognito-identity:{REGION}:000000000000:identitypool/{IDENTITY_POOL}"}


def tampered(token: str) -> str:
    """The ID token with one claim changed after signing: the signature no longer fits."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["cognito:groups"] = ["admin"]
    return f"{header}.{part(claims)}.{signature}"


def key_confusion(key: Any) -> str:
    """HS256 with the RSA *public* key's PEM as the HMAC secret: the classic confusion."""
    from cryptography.hazmat.primitives import serialization

    pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    signing_input = f"{part({'kid': KID, 'alg': 'HS256'})}.{part(id_claims(jti='sample-jti-kc'))}"
    return f"{signing_input}.{b64(hmac.new(pem, signing_input.encode(), hashlib.sha256).digest())}"


def outputs() -> dict[str, str]:
    """File name (in gallery/) -> content."""
    key = load_key()
    header = {"kid": KID, "alg": "RS256"}
    id_token = rs256(key, header, id_claims())
    expired = id_claims(iat=EXPIRED_IAT, auth_time=EXPIRED_IAT, exp=EXPIRED_IAT + 3600,
                        jti="sample-jti-expired-0001")
    m2m = {"sub": M2M_CLIENT, "token_use": "access", "scope": "orders/read orders/write",
           "auth_time": IAT, "iss": ISS, "exp": FAR, "iat": IAT, "version": 2,
           "jti": "sample-jti-m2m-0001", "client_id": M2M_CLIENT}
    tokens = {
        "id-token.jwt": id_token,
        "access-token.jwt": rs256(key, header, access_claims()),
        "machine-to-machine.jwt": rs256(key, header, m2m),
        "federated-id-token.jwt": rs256(key, header, federated_claims()),
        "identity-pool-openid.jwt": rs256(key, {"kid": KID, "typ": "JWS", "alg": "RS256"},
                                          identity_pool_claims()),
        "expired-id-token.jwt": rs256(key, header, expired),
        "tampered-id-token.jwt": tampered(id_token),
        "alg-none.jwt": f"{part({'alg': 'none', 'typ': 'JWT'})}."
                        f"{part(id_claims(jti='sample-jti-none-0001'))}.",
        "key-confusion.jwt": key_confusion(key),
    }
    files = {name: text + "\n" for name, text in tokens.items()}
    files["sample-jwks.json"] = json.dumps(public_jwks(key), indent=2) + "\n"
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    parser.add_argument("--new-key", action="store_true", help="make a new SAMPLE key first")
    args = parser.parse_args(argv)
    if args.new_key:
        new_key()
    different = []
    for name, text in outputs().items():
        path = OUT / name
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                different.append(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if different:
        print("out of date: " + ", ".join(different), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
