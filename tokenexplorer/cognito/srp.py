"""The client side of Cognito's SRP (USER_SRP_AUTH → PASSWORD_VERIFIER).

Our own small implementation of the math in AWS's amazon-cognito-identity-js
(AuthenticationHelper): 3072-bit group, SHA-256, HKDF "Caldera Derived Key". It is written
here rather than taken from pycognito's `AWSSRP` because that class creates a boto3 client
and imports `requests` on import, and ties the math to its own network calls; the
step-by-step flow in `auth.py` needs only the numbers. The test suite checks it against a
server-side verifier (a wrong password must fail) and against pycognito's helpers.

The password never leaves this module except as the HMAC signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
G = 2
INFO = b"Caldera Derived Key"
# The private exponent a. RFC 5054 (SRP for TLS) §2.5.4 asks for at least 256 random bits;
# AWS's JS SDK draws 1024. 256 bits keep the 128-bit security level of SHA-256 and make the
# two modular exponentiations about 3x faster (benchmarks/bench_srp.py measures both).
SMALL_A_BITS = 256

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class SrpError(ValueError):
    """The server's SRP values are unusable (B ≡ 0 mod N, u = 0, malformed hex/base64)."""


def pad_hex(value: int) -> str:
    """Hex of a non-negative int as a positive two's-complement byte string (the JS SDK's
    padHex): even length, and a leading 00 when the top bit would otherwise be set."""
    text = f"{value:x}"
    if len(text) % 2:
        return "0" + text
    if text[0] in "89abcdef":
        return "00" + text
    return text


def hash_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_of_hex(hex_text: str) -> int:
    return int(hash_hex(bytes.fromhex(hex_text)), 16)


K = hash_of_hex(pad_hex(N) + pad_hex(G))


def password_hash_x(pool_name: str, user_id: str, password: str, salt: int) -> int:
    """x = H(salt | H(poolName | userId | ":" | password)): the private key a verifier hides."""
    inner = hash_hex(f"{pool_name}{user_id}:{password}".encode())
    return hash_of_hex(pad_hex(salt) + inner)


def scramble_u(big_a: int, big_b: int) -> int:
    return hash_of_hex(pad_hex(big_a) + pad_hex(big_b))


def hkdf_key(shared_s: int, u: int) -> bytes:
    """Cognito's HKDF (one block, 16 bytes): ikm = S, salt = u, info = 'Caldera Derived Key'."""
    prk = hmac.new(bytes.fromhex(pad_hex(u)), bytes.fromhex(pad_hex(shared_s)),
                   hashlib.sha256).digest()
    return hmac.new(prk, INFO + b"\x01", hashlib.sha256).digest()[:16]


def claim_signature(key: bytes, pool_name: str, user_id: str, secret_block: bytes,
                    timestamp: str) -> str:
    message = pool_name.encode() + user_id.encode() + secret_block + timestamp.encode()
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode("ascii")


def cognito_timestamp(moment: datetime | None = None) -> str:
    """'Tue Nov 3 09:05:07 UTC 2026': English names whatever the locale, day not padded."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return (
        f"{_DAYS[moment.weekday()]} {_MONTHS[moment.month - 1]} {moment.day} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} UTC {moment.year}"
    )


def pool_name_of(user_pool_id: str) -> str:
    """`eu-west-1_AbC123` → `AbC123` (the part SRP hashes)."""
    _, _, name = user_pool_id.partition("_")
    if not name:
        raise SrpError(f"{user_pool_id!r} is not a user pool ID (region_Name)")
    return name


@dataclass(frozen=True)
class PasswordClaim:
    signature: str
    secret_block: str
    timestamp: str

    def __repr__(self) -> str:
        return f"PasswordClaim(timestamp={self.timestamp!r}, signature=‹hidden›)"


def ephemeral(small_a: int | None = None) -> tuple[int, int]:
    """The client's secret `a` and public A = g^a mod N (RFC 5054 §2.6): never A ≡ 0, which
    would let anyone pass. `small_a` (tests) is used as given, and refused if it gives 0."""
    while True:
        a = small_a if small_a is not None else secrets.randbits(SMALL_A_BITS) % N
        big_a = pow(G, a, N)
        if big_a % N != 0:
            return a, big_a
        if small_a is not None:
            raise SrpError("A ≡ 0 (mod N) for the given a")


class SrpClient:
    """One SRP attempt: make A, then answer the PASSWORD_VERIFIER challenge once."""

    def __init__(self, user_pool_id: str, *, small_a: int | None = None) -> None:
        self.pool_name = pool_name_of(user_pool_id)
        self._a, self.big_a = ephemeral(small_a)

    def __repr__(self) -> str:
        return f"SrpClient(pool_name={self.pool_name!r})"

    @property
    def srp_a(self) -> str:
        """SRP_A for InitiateAuth (plain hex, as the SDKs send it)."""
        return f"{self.big_a:x}"

    def password_claim(
        self,
        *,
        user_id_for_srp: str,
        password: str,
        salt_hex: str,
        srp_b_hex: str,
        secret_block: str,
        now: datetime | None = None,
    ) -> PasswordClaim:
        """PASSWORD_CLAIM_SIGNATURE, PASSWORD_CLAIM_SECRET_BLOCK and TIMESTAMP."""
        try:
            big_b = int(srp_b_hex, 16)
            salt = int(salt_hex, 16)
            block = base64.b64decode(secret_block)
        except (ValueError, TypeError) as exc:
            raise SrpError("the server's SRP challenge is malformed") from exc
        if big_b % N == 0:
            raise SrpError("the server's SRP_B is not acceptable (B ≡ 0 mod N)")
        u = scramble_u(self.big_a, big_b)
        if u == 0:
            raise SrpError("the SRP scrambling value u is zero")
        x = password_hash_x(self.pool_name, user_id_for_srp, password, salt)
        base = (big_b - K * pow(G, x, N)) % N
        shared_s = pow(base, self._a + u * x, N)
        key = hkdf_key(shared_s, u)
        timestamp = cognito_timestamp(now)
        signature = claim_signature(key, self.pool_name, user_id_for_srp, block, timestamp)
        return PasswordClaim(signature=signature, secret_block=secret_block, timestamp=timestamp)
