"""Where verification keys come from, and the keys themselves prepared for verifying.

Key sources are small frozen dataclasses the UI and CLI pass around. Preparing a key (parsing
PEM/JWK into a cryptography object) is cached and happens only when a key is needed, so that
decoding alone never imports cryptography or PyJWT.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field, replace
from typing import Any

from tokenexplorer.tokens import key_strength
from tokenexplorer.tokens.limits import read_key_file
from tokenexplorer.tokens.model import KeyProblem

# Algorithm -> key family the algorithm needs ("oct" = a shared HMAC secret).
ALGORITHM_FAMILY = {
    "HS256": "oct", "HS384": "oct", "HS512": "oct",
    "RS256": "RSA", "RS384": "RSA", "RS512": "RSA",
    "PS256": "RSA", "PS384": "RSA", "PS512": "RSA",
    "ES256": "EC", "ES384": "EC", "ES512": "EC", "ES256K": "EC",
    "EdDSA": "OKP",
}
EC_CURVE = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521", "ES256K": "secp256k1"}
HMAC_MIN_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}  # the hash output (RFC 7518 §3.2)
_CURVE_NAMES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521",
                "secp256k1": "secp256k1"}
# moto (the AWS emulator) signs every Cognito token with one RSA key whose private half ships
# inside moto (moto/cognitoidp/resources/jwks-private.json, kid "dummy"): SHA-256 of its
# modulus (big-endian bytes). A token that verifies against it proves nothing.
MOTO_KID = "dummy"
MOTO_MODULUS_SHA256 = "60ececf17e149ab77be01dedd94c3fb8a0c33c70d4a78b1c3807b097c7c506be"
MOTO_KEY_WARNING = (
    "Signed with moto's built-in key (kid \"dummy\"): its private key ships inside moto "
    "(moto/cognitoidp/resources/jwks-private.json), so anyone can forge tokens that verify "
    "against it. Such a token proves nothing outside a local emulator."
)

# Token Explorer's own SAMPLE key (scripts/make_samples.py signs the gallery's samples with
# it; its private half is committed on purpose): SHA-256 of its modulus, as for moto's.
SAMPLE_MODULUS_SHA256 = "997b64be4d2e0bd81fca3cdbe35f8ea6cf5dd9548e5753393c42c5bca9957a42"
SAMPLE_KEY_WARNING = (
    "Signed with Token Explorer's SAMPLE key: its private half is public "
    "(scripts/samples/sample-signing-key.json), so anyone can forge tokens that verify "
    "against it. Good for a lesson, proof of nothing."
)


@dataclass(frozen=True)
class CognitoJwks:
    """The Cognito user pool's JWKS, derived from the token's iss (only in Cognito form)."""


@dataclass(frozen=True)
class JwksFile:
    path: str


@dataclass(frozen=True)
class JwksUrl:
    url: str


@dataclass(frozen=True)
class PemKey:
    """A PEM public key or certificate (a private key is reduced to its public half)."""

    text: str = field(repr=False)


@dataclass(frozen=True)
class JwkKey:
    """A single JWK or a JWKS ({"keys": [...]}) as JSON text."""

    text: str = field(repr=False)


@dataclass(frozen=True)
class HmacSecret:
    secret: str = field(repr=False)  # never shown: repr hides it


KeySource = CognitoJwks | JwksFile | JwksUrl | PemKey | JwkKey | HmacSecret


def describe_source(source: KeySource | None) -> str:
    """A short description for people; never shows a secret."""
    match source:
        case None | CognitoJwks():
            return "the Cognito user pool's JWKS (from iss)"
        case JwksFile(path=path):
            return f"JWKS file {path}"
        case JwksUrl(url=url):
            return f"JWKS URL {url}"
        case PemKey():
            return "the PEM key given"
        case JwkKey():
            return "the JWK given"
        case HmacSecret():
            return "the HMAC secret given"
    return "unknown key source"


def key_source_from_text(text: str) -> KeySource:
    """A pasted PEM, JWK or JWKS as a key source; ValueError says what was expected."""
    stripped = (text or "").strip()
    if not stripped:
        raise ValueError("No key given: paste a PEM public key, a JWK or a JWKS (JSON).")
    if stripped.startswith("-----BEGIN"):
        if "PRIVATE KEY" in stripped.split("\n", 1)[0] and "ENCRYPTED" in stripped:
            raise ValueError("That PEM private key is encrypted: give its public key instead.")
        return PemKey(stripped)
    if stripped.startswith("{"):
        try:
            document = json.loads(stripped)
        except (ValueError, RecursionError) as error:
            raise ValueError(f"The key looks like JSON but is not valid JSON ({error}).") from None
        if isinstance(document, dict) and isinstance(document.get("keys"), list):
            return JwkKey(stripped)
        if isinstance(document, dict) and "kty" in document:
            return JwkKey(stripped)
        raise ValueError("The JSON is neither a JWK (has \"kty\") nor a JWKS (has \"keys\").")
    raise ValueError(
        "Not a key: expected a PEM block (-----BEGIN PUBLIC KEY-----…), a JWK or a JWKS "
        "(JSON). For an HMAC secret use the secret field."
    )


@dataclass(frozen=True)
class PreparedKey:
    """One usable key: its family, optional kid/alg from the JWK, and the crypto object."""

    family: str  # "RSA", "EC", "OKP", "oct"
    key: Any = field(repr=False)  # cryptography public key, or bytes for HMAC
    kid: str | None = None
    alg: str | None = None
    curve: str | None = None  # for EC/OKP: "P-256", "Ed25519", …
    weakness: str | None = None  # usable but weak (a short RSA key): warned about when used


@dataclass(frozen=True)
class KeySet:
    """The keys to verify with, where they came from, and any problem getting them."""

    keys: tuple[PreparedKey, ...] = ()
    source: str = ""  # "Cognito JWKS … (URL), fetched at …", for the report's key_source
    problem: str | None = None  # why there are no (or fewer) keys: offline, fetch failed, …
    single: bool = False  # one key given directly (PEM/JWK/secret): used whatever the kid
    skipped: tuple[str, ...] = ()  # keys of a JWKS that could not be used, and why
    # A short name for reasons ("the Cognito JWKS of us-east-1_abc"): the report's
    # key_source already holds the long description, so a reason need not repeat it.
    label: str = ""
    emulator: str | None = None  # the endpoint override (emulator) the keys were fetched from
    problem_code: KeyProblem | None = None  # `problem` as a code, for decisions

    @property
    def name(self) -> str:
        return self.label or self.source or "the keys given"


def _modulus_sha256(key: PreparedKey) -> str | None:
    if key.family != "RSA":
        return None
    import hashlib

    try:
        modulus = key.key.public_numbers().n
    except AttributeError:
        return None
    return hashlib.sha256(modulus.to_bytes((modulus.bit_length() + 7) // 8, "big")).hexdigest()


def is_moto_key(key: PreparedKey) -> bool:
    """True for moto's built-in RSA key (public in moto's source: anyone can sign with it)."""
    return _modulus_sha256(key) == MOTO_MODULUS_SHA256


def is_sample_key(key: PreparedKey) -> bool:
    """True for Token Explorer's SAMPLE key (public in this repository, on purpose)."""
    return _modulus_sha256(key) == SAMPLE_MODULUS_SHA256


def key_warnings(key: PreparedKey) -> list[str]:
    """What a valid signature from this key must be shown with: moto's key, the SAMPLE key,
    a weak key."""
    public = MOTO_KEY_WARNING if is_moto_key(key) else \
        SAMPLE_KEY_WARNING if is_sample_key(key) else None
    return [w for w in (public, key.weakness) if w]


def _family_of(public_key: Any) -> tuple[str, str | None]:
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

    if isinstance(public_key, rsa.RSAPublicKey):
        return "RSA", None
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return "EC", _CURVE_NAMES.get(public_key.curve.name, public_key.curve.name)
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        return "OKP", "Ed25519"
    if isinstance(public_key, ed448.Ed448PublicKey):
        return "OKP", "Ed448"
    raise ValueError(f"unsupported key type {type(public_key).__name__}")


def _public(key: Any) -> Any:
    return key.public_key() if hasattr(key, "public_key") and not hasattr(key, "verify") \
        else key


@functools.lru_cache(maxsize=256)
def _prepare_jwk_json(canonical: str) -> PreparedKey:
    """Parse one JWK (canonical JSON text) into a PreparedKey; cached by content."""
    from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

    jwk = json.loads(canonical)
    kty = jwk.get("kty")
    kid = jwk.get("kid") if isinstance(jwk.get("kid"), str) else None
    alg = jwk.get("alg") if isinstance(jwk.get("alg"), str) else None
    if kty == "oct":
        from tokenexplorer.tokens.decode import _b64url_decode

        secret = _b64url_decode(str(jwk.get("k", "")), "k")
        return PreparedKey("oct", secret, kid, alg)
    if kty == "RSA":
        loaded: object = RSAAlgorithm.from_jwk(jwk)
    elif kty == "EC":
        loaded = ECAlgorithm.from_jwk(jwk)
    elif kty == "OKP":
        loaded = OKPAlgorithm.from_jwk(jwk)
    else:
        raise ValueError(f"unsupported key type kty={kty!r}")
    key = _public(loaded)
    family, curve = _family_of(key)
    return PreparedKey(family, key, kid, alg, curve, key_strength.check(family, key, curve))


def prepare_jwk(jwk: dict[str, Any]) -> PreparedKey:
    return _prepare_jwk_json(json.dumps(jwk, sort_keys=True))


@functools.lru_cache(maxsize=64)
def prepare_pem(text: str) -> PreparedKey:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    data = text.strip().encode("utf-8")
    key: object  # a cryptography public key of any family
    if b"CERTIFICATE" in data.split(b"\n", 1)[0]:
        key = x509.load_pem_x509_certificate(data).public_key()
    elif b"PRIVATE KEY" in data.split(b"\n", 1)[0]:
        key = serialization.load_pem_private_key(data, password=None).public_key()
    else:
        key = serialization.load_pem_public_key(data)
    family, curve = _family_of(key)
    return PreparedKey(family, key, None, None, curve, key_strength.check(family, key, curve))


def keys_from_jwks(document: object, source: str, label: str = "") -> KeySet:
    """A KeySet from a parsed JWKS document; unusable keys are skipped and named."""
    if isinstance(document, dict) and "kty" in document and "keys" not in document:
        document = {"keys": [document]}
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        return KeySet(source=source, problem=f"{label or source} is not a JWKS: no \"keys\" list",
                      label=label, problem_code=KeyProblem.NOT_A_JWKS)
    prepared, skipped = [], []
    for index, jwk in enumerate(document["keys"]):
        named = jwk.get("kid", f"#{index}") if isinstance(jwk, dict) else f"#{index}"
        if not isinstance(jwk, dict):
            skipped.append(f"key {index}: not a JSON object")
            continue
        if jwk.get("use") not in (None, "sig"):
            skipped.append(f"key {named}: for use {jwk.get('use')!r}, not signatures")
            continue
        try:
            prepared.append(prepare_jwk(jwk))
        except Exception as error:  # any malformed key: skip it and say why
            skipped.append(f"key {named}: {type(error).__name__}: {error}"[:200])
    if not prepared:
        return KeySet((), source, f"{label or source} holds no usable signing key",
                      skipped=tuple(skipped), label=label, problem_code=KeyProblem.NO_USABLE_KEY)
    return KeySet(tuple(prepared), source, skipped=tuple(skipped), label=label)


def _short_label(source: KeySource) -> str:
    """The key source in a few words, for reasons (the key_source line gives the details)."""
    match source:
        case JwksFile():
            return "the JWKS file"
        case PemKey():
            return "the PEM key"
        case JwkKey():
            return "the JWK given"
        case HmacSecret():
            return "the HMAC secret"
    return describe_source(source)


def load_local(source: KeySource) -> KeySet:
    """Keys from a source that needs no network: a file, a pasted key or a secret."""
    description = describe_source(source)
    label = _short_label(source)
    try:
        match source:
            case JwksFile(path=path):
                text = read_key_file(path)  # bounded: a file may be /dev/zero
                return keys_from_jwks(json.loads(text), description, label)
            case PemKey(text=text):
                return KeySet((prepare_pem(text),), description, single=True,
                              label=label)
            case JwkKey(text=text):
                document = json.loads(text)
                keyset = keys_from_jwks(document, description, label)
                single = isinstance(document, dict) and "keys" not in document
                return replace(keyset, single=single, label=label)
            case HmacSecret(secret=secret):
                return KeySet((PreparedKey("oct", secret.encode("utf-8")),), description,
                              single=True, label=label)
    except OSError as error:
        return KeySet(source=description, problem=f"cannot read {label}: "
                      f"{error.strerror or error}", label=label,
                      problem_code=KeyProblem.UNREADABLE)
    except (ValueError, RecursionError) as error:
        return KeySet(source=description, problem=f"{label} is not usable: {error}"[:300],
                      label=label, problem_code=KeyProblem.UNUSABLE)
    except Exception as error:  # cryptography raises assorted types for malformed keys
        return KeySet(source=description, problem=f"{label} is not usable: "
                      f"{type(error).__name__}", label=label, problem_code=KeyProblem.UNUSABLE)
    return KeySet(source=description, problem=f"{label} needs the network", label=label,
                  problem_code=KeyProblem.ERROR)
