"""A server-side SRP verifier speaking Cognito's JSON protocol, for the tests.

moto accepts any PASSWORD_CLAIM_SIGNATURE, so it cannot prove our SRP client right. This
peer does what Cognito does: it keeps only a salt and a verifier v = g^x per user, with
x = H(salt | H(poolName | userId | ":" | password)), sends B = k·v + g^b, and checks the
client's HMAC over poolName | userId | secretBlock | timestamp with the key
HKDF(S = (A·v^u)^b, u). Written here from the protocol, independently of
tokenexplorer.cognito.srp (sharing its helpers would let one bug hide another).

It can also ask follow-up challenges (`then`) after the password, checking the answers.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

N = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
    "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B"
    "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836"
    "1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804"
    "F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6"
    "955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226"
    "1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
    16,
)
G = 2
TIMESTAMP_RE = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"([1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d UTC \d{4}$"
)


def _bytes_of(value: int) -> bytes:
    """Big-endian, as a positive two's-complement number (a 0x00 first if the top bit is set)."""
    length = value.bit_length() // 8 + 1  # always room for a sign bit
    raw = value.to_bytes(length, "big")
    # minimal: drop a leading zero byte only when the next byte has its top bit clear
    while len(raw) > 1 and raw[0] == 0 and raw[1] < 0x80:
        raw = raw[1:]
    return raw


def _h(*parts: bytes) -> int:
    return int.from_bytes(hashlib.sha256(b"".join(parts)).digest(), "big")


K = _h(_bytes_of(N), _bytes_of(G))


def _x(pool_name: str, user_id: str, password: str, salt: int) -> int:
    inner = hashlib.sha256(f"{pool_name}{user_id}:{password}".encode()).digest()
    return _h(_bytes_of(salt), inner)


def _fake_jwt(claims: dict[str, Any]) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'kid': 'test'})}.{part(claims)}.c2lnbmF0dXJl"


@dataclass
class User:
    username: str  # internal USERNAME
    user_id_for_srp: str
    salt: int
    verifier: int
    aliases: tuple[str, ...] = ()


@dataclass
class FollowUp:
    """A challenge to ask after the password, with the answers that pass it."""

    name: str
    parameters: dict[str, str]
    expected: dict[str, str]


@dataclass
class SrpVerifier:
    user_pool_id: str
    client_id: str
    client_secret: str | None = None
    then: list[FollowUp] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def pool_name(self) -> str:
        return self.user_pool_id.split("_", 1)[1]

    def register(self, username: str, password: str, *, user_id_for_srp: str | None = None,
                 aliases: tuple[str, ...] = ()) -> User:
        """What Cognito stores at sign-up: a random salt and v = g^x. No password kept."""
        user_id = user_id_for_srp or username
        salt = int.from_bytes(secrets.token_bytes(16), "big")
        verifier = pow(G, _x(self.pool_name, user_id, password, salt), N)
        user = User(username, user_id, salt, verifier, aliases)
        self.users[username] = user
        for alias in aliases:
            self.users[alias] = user
        return user

    # -- protocol

    def __call__(self, target: str, body: dict[str, Any]) -> tuple[int, Any]:
        with self._lock:
            if body.get("ClientId") != self.client_id:
                return _error("ResourceNotFoundException", "User pool client does not exist.")
            if target == "InitiateAuth":
                return self._initiate(body)
            if target == "RespondToAuthChallenge":
                return self._respond(body)
            return 400, {"__type": "InvalidAction", "message": f"{target} is not served here"}

    def _secret_ok(self, username: str, given: str | None) -> bool:
        if self.client_secret is None:
            return True
        digest = hmac.new(self.client_secret.encode(), (username + self.client_id).encode(),
                          hashlib.sha256).digest()
        return given == base64.b64encode(digest).decode()

    def _initiate(self, body: dict[str, Any]) -> tuple[int, Any]:
        if body.get("AuthFlow") != "USER_SRP_AUTH":
            return _error("InvalidParameterException", "only USER_SRP_AUTH here")
        params = body.get("AuthParameters") or {}
        typed = params.get("USERNAME", "")
        if not self._secret_ok(typed, params.get("SECRET_HASH")):
            return _error("NotAuthorizedException",
                          "Unable to verify secret hash for client " + self.client_id)
        user = self.users.get(typed)
        if user is None:
            return _error("UserNotFoundException", "User does not exist.")
        big_a = int(params.get("SRP_A", "0"), 16)
        if big_a % N == 0:
            return _error("InvalidParameterException", "SRP_A is not acceptable")
        b = secrets.randbits(256)
        big_b = (K * user.verifier + pow(G, b, N)) % N
        block = base64.b64encode(secrets.token_bytes(64)).decode()
        self.pending[block] = {"user": user, "A": big_a, "b": b, "B": big_b}
        session = secrets.token_urlsafe(32)
        self.log.append("InitiateAuth")
        return 200, {
            "ChallengeName": "PASSWORD_VERIFIER",
            "Session": session,
            "ChallengeParameters": {
                "SALT": f"{user.salt:x}",
                "SRP_B": f"{big_b:x}",
                "SECRET_BLOCK": block,
                "USERNAME": user.username,
                "USER_ID_FOR_SRP": user.user_id_for_srp,
            },
        }

    def _expected_signature(self, state: dict[str, Any], block: str, timestamp: str) -> str:
        user: User = state["user"]
        big_a, big_b, b = state["A"], state["B"], state["b"]
        u = _h(_bytes_of(big_a), _bytes_of(big_b))
        shared = pow(big_a * pow(user.verifier, u, N) % N, b, N)
        prk = hmac.new(_bytes_of(u), _bytes_of(shared), hashlib.sha256).digest()
        key = hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]
        message = (self.pool_name.encode() + user.user_id_for_srp.encode()
                   + base64.b64decode(block) + timestamp.encode())
        return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()

    def _respond(self, body: dict[str, Any]) -> tuple[int, Any]:
        name = body.get("ChallengeName")
        answers = body.get("ChallengeResponses") or {}
        if name != "PASSWORD_VERIFIER":
            return self._follow_up(name, body.get("Session"), answers)
        block = answers.get("PASSWORD_CLAIM_SECRET_BLOCK", "")
        state = self.pending.pop(block, None)
        if state is None:
            return _error("NotAuthorizedException", "Invalid session for the user.")
        user: User = state["user"]
        if answers.get("USERNAME") != user.username:
            return _error("NotAuthorizedException", "USERNAME is not the challenge's USERNAME")
        if not self._secret_ok(user.username, answers.get("SECRET_HASH")):
            return _error("NotAuthorizedException",
                          "Unable to verify secret hash for client " + self.client_id)
        timestamp = answers.get("TIMESTAMP", "")
        if not TIMESTAMP_RE.match(timestamp):
            return _error("InvalidParameterException", "TIMESTAMP format is wrong")
        moment = datetime.strptime(timestamp.replace(" UTC ", " "), "%a %b %d %H:%M:%S %Y")
        if abs(moment.replace(tzinfo=UTC).timestamp() - time.time()) > 300:
            return _error("NotAuthorizedException", "TIMESTAMP is too far from now")
        expected = self._expected_signature(state, block, timestamp)
        if not hmac.compare_digest(expected, answers.get("PASSWORD_CLAIM_SIGNATURE", "")):
            self.log.append("PASSWORD_VERIFIER rejected")
            return _error("NotAuthorizedException", "Incorrect username or password.")
        self.log.append("PASSWORD_VERIFIER accepted")
        return self._next(user, list(self.then))

    def _next(self, user: User, remaining: list[FollowUp]) -> tuple[int, Any]:
        if remaining:
            step = remaining[0]
            session = secrets.token_urlsafe(32)
            self.pending[session] = {"user": user, "remaining": remaining}
            return 200, {"ChallengeName": step.name, "Session": session,
                         "ChallengeParameters": {**step.parameters, "USERNAME": user.username}}
        claims = {"cognito:username": user.username, "sub": user.user_id_for_srp,
                  "exp": int(time.time()) + 3600, "token_use": "id"}
        return 200, {"AuthenticationResult": {
            "IdToken": _fake_jwt(claims), "AccessToken": _fake_jwt({**claims,
                                                                    "token_use": "access"}),
            "RefreshToken": "refresh." + secrets.token_urlsafe(16), "ExpiresIn": 3600,
            "TokenType": "Bearer"}}

    def _follow_up(self, name: str | None, session: str | None,
                   answers: dict[str, str]) -> tuple[int, Any]:
        state = self.pending.pop(session or "", None)
        if state is None or "remaining" not in state:
            return _error("NotAuthorizedException", "Invalid session for the user.")
        step: FollowUp = state["remaining"][0]
        user: User = state["user"]
        if name != step.name or answers.get("USERNAME") != user.username:
            return _error("InvalidParameterException", f"expected {step.name}")
        if not self._secret_ok(user.username, answers.get("SECRET_HASH")):
            return _error("NotAuthorizedException", "Unable to verify secret hash")
        for key, value in step.expected.items():
            if answers.get(key) != value:
                self.log.append(f"{name} rejected")
                return _error("CodeMismatchException", "Invalid code or auth state for the user.")
        self.log.append(f"{name} accepted")
        return self._next(user, state["remaining"][1:])


def _error(kind: str, message: str) -> tuple[int, Any]:
    return 400, {"__type": kind, "message": message}
