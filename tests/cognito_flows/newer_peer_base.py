"""The state of the newer-features stand-in (see newer_peer.py) and its token-side calls:
tokens, GetTokensFromRefreshToken, REFRESH_TOKEN_AUTH, ConfirmDevice, UpdateDeviceStatus,
ListDevices, ForgetDevice. Shapes follow AWS's API reference (pages cited in newer_peer.py).

The SRP maths on this side come from cognito_srp_verifier (written from the protocol,
independently of tokenexplorer.cognito.srp and device_srp).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cognito_srp_verifier import TIMESTAMP_RE, G, K, N, _bytes_of, _error, _fake_jwt, _h, _x

GRACE_S = 0  # RetryGracePeriodSeconds: 0 = the old refresh token dies at once


@dataclass
class PeerUser:
    username: str
    salt: int
    verifier: int
    email: str | None = None
    phone: str | None = None
    totp: str | None = None  # the code SOFTWARE_TOKEN_MFA accepts (MFA on for this user)


@dataclass
class PeerDevice:
    key: str
    group_key: str
    owner: str
    salt: int = 0
    verifier: int = 0
    name: str = ""
    confirmed: bool = False
    remembered: str = "not_remembered"
    created: float = field(default_factory=time.time)


@dataclass
class Grant:
    """What a refresh token stands for: one sign-in (origin_jti, auth_time) of a user."""

    username: str
    origin_jti: str
    auth_time: int
    device_key: str | None


def srp_signature(verifier: int, state: dict[str, Any], first: str, second: str, block: str,
                  timestamp: str) -> str:
    """What an honest client signs: HMAC(HKDF((A·v^u)^b, u), first | second | block | time)."""
    big_a, b, big_b = state["A"], state["b"], state["B"]
    u = _h(_bytes_of(big_a), _bytes_of(big_b))
    shared = pow(big_a * pow(verifier, u, N) % N, b, N)
    prk = hmac.new(_bytes_of(u), _bytes_of(shared), hashlib.sha256).digest()
    key = hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]
    message = first.encode() + second.encode() + base64.b64decode(block) + timestamp.encode()
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def timestamp_ok(timestamp: str) -> bool:
    if not TIMESTAMP_RE.match(timestamp):
        return False
    moment = datetime.strptime(timestamp.replace(" UTC ", " "), "%a %b %d %H:%M:%S %Y")
    return abs(moment.replace(tzinfo=UTC).timestamp() - time.time()) <= 300


def server_b(verifier: int) -> tuple[int, int]:
    b = secrets.randbits(256)
    return b, (K * verifier + pow(G, b, N)) % N


class PeerState:
    """Users, devices, sessions and grants of one pool + app client."""

    def __init__(self, user_pool_id: str, client_id: str, *, secret: str | None = None,
                 rotate: bool = False, track_devices: bool = False,
                 confirmation_necessary: bool = True, page_size: int = 60,
                 fixed_code: str | None = None,
                 refusal: tuple[str, str] = ("InvalidParameterException", "Refresh token "
                                             "rotation is enabled for this app client: use "
                                             "GetTokensFromRefreshToken.")) -> None:
        self.user_pool_id, self.client_id, self.secret = user_pool_id, client_id, secret
        self.rotate, self.track_devices = rotate, track_devices
        self.confirmation_necessary, self.page_size = confirmation_necessary, page_size
        self.fixed_code = fixed_code  # the code every OTP "sends" (for CLI tests), else random
        self.refusal = refusal  # how a rotating client refuses REFRESH_TOKEN_AUTH
        self.users: dict[str, PeerUser] = {}
        self.devices: dict[str, PeerDevice] = {}
        self.sessions: dict[str, dict[str, Any]] = {}
        self.grants: dict[str, Grant] = {}
        self.spent: set[str] = set()
        self.access: dict[str, Grant] = {}
        self.outbox: list[tuple[str, str, str]] = []  # (username, EMAIL|SMS, code)
        self.log: list[str] = []
        self.lock = threading.Lock()

    @property
    def pool_name(self) -> str:
        return self.user_pool_id.split("_", 1)[1]

    def register(self, username: str, password: str, **details: Any) -> PeerUser:
        """A salt and v = g^x, as Cognito keeps them: never the password."""
        salt = int.from_bytes(secrets.token_bytes(16), "big")
        verifier = pow(G, _x(self.pool_name, username, password, salt), N)
        self.users[username] = user = PeerUser(username, salt, verifier, **details)
        return user

    def secret_ok(self, username: str, given: str | None) -> bool:
        if self.secret is None:
            return given is None
        digest = hmac.new(self.secret.encode(), (username + self.client_id).encode(),
                          hashlib.sha256).digest()
        return given == base64.b64encode(digest).decode()

    def new_session(self, **state: Any) -> str:
        session = secrets.token_urlsafe(48)
        self.sessions[session] = state
        return session

    # -- tokens

    def tokens(self, grant: Grant, *, with_refresh: bool = True,
               new_device: PeerDevice | None = None) -> tuple[int, Any]:
        now = int(time.time())
        claims = {"sub": f"sub-{grant.username}", "cognito:username": grant.username,
                  "origin_jti": grant.origin_jti, "auth_time": grant.auth_time, "iat": now,
                  "exp": now + 3600, "iss": f"https://cognito-idp.us-east-1.amazonaws.com/"
                  f"{self.user_pool_id}"}
        access_claims = {**claims, "token_use": "access", "client_id": self.client_id,
                         "username": grant.username, "jti": str(uuid.uuid4()),
                         "scope": "aws.cognito.signin.user.admin"}
        if grant.device_key:
            access_claims["device_key"] = grant.device_key
        access = _fake_jwt(access_claims)
        self.access[access] = grant
        result: dict[str, Any] = {
            "AccessToken": access, "ExpiresIn": 3600, "TokenType": "Bearer",
            "IdToken": _fake_jwt({**claims, "token_use": "id", "aud": self.client_id,
                                  "jti": str(uuid.uuid4())})}
        if with_refresh:
            refresh = "eyJjdHkiOiJKV1QifQ." + secrets.token_urlsafe(40)
            self.grants[refresh] = grant
            result["RefreshToken"] = refresh
        if new_device is not None:
            result["NewDeviceMetadata"] = {"DeviceKey": new_device.key,
                                           "DeviceGroupKey": new_device.group_key}
        return 200, {"AuthenticationResult": result}

    def sign_in_done(self, username: str, device_key: str | None) -> tuple[int, Any]:
        grant = Grant(username, str(uuid.uuid4()), int(time.time()), device_key)
        new_device = None
        if self.track_devices and device_key is None:
            new_device = PeerDevice(f"us-east-1_{uuid.uuid4()}", "-" + secrets.token_hex(4),
                                    username)
            self.devices[new_device.key] = new_device
        self.log.append(f"tokens for {username}")
        return self.tokens(grant, new_device=new_device)

    def user_of(self, access_token: Any) -> Grant | None:
        return self.access.get(access_token) if isinstance(access_token, str) else None

    # -- refresh

    def refresh_token_auth(self, params: dict[str, Any]) -> tuple[int, Any]:
        if self.rotate:
            return _error(*self.refusal)
        grant = self.grants.get(params.get("REFRESH_TOKEN", ""))
        if grant is None:
            return _error("NotAuthorizedException", "Invalid Refresh Token")
        if not self.secret_ok(grant.username, params.get("SECRET_HASH")):
            return _error("NotAuthorizedException", "Unable to verify secret hash for client")
        if grant.device_key and params.get("DEVICE_KEY") != grant.device_key:
            return _error("NotAuthorizedException", "Invalid device key given.")
        self.log.append("REFRESH_TOKEN_AUTH")
        return self.tokens(grant, with_refresh=False)

    def get_tokens_from_refresh_token(self, body: dict[str, Any]) -> tuple[int, Any]:
        token = body.get("RefreshToken")
        if not isinstance(token, str) or not token:
            return _error("InvalidParameterException", "RefreshToken is required")
        if self.secret is not None and body.get("ClientSecret") != self.secret:
            return _error("NotAuthorizedException", "Client secret is wrong for the client")
        if token in self.spent:
            self.log.append("refresh token reused")
            return _error("RefreshTokenReuseException", "Refresh token has been revoked")
        grant = self.grants.get(token)
        if grant is None:
            return _error("NotAuthorizedException", "Invalid Refresh Token")
        if grant.device_key and body.get("DeviceKey") != grant.device_key:
            return _error("NotAuthorizedException", "Invalid device key given.")
        self.log.append("GetTokensFromRefreshToken")
        if not self.rotate:
            return self.tokens(grant, with_refresh=False)
        self.spent.add(token)
        del self.grants[token]
        return self.tokens(grant)

    # -- devices

    def confirm_device(self, body: dict[str, Any]) -> tuple[int, Any]:
        grant = self.user_of(body.get("AccessToken"))
        if grant is None:
            return _error("NotAuthorizedException", "Invalid Access Token")
        device = self.devices.get(body.get("DeviceKey", ""))
        if device is None or device.owner != grant.username:
            return _error("ResourceNotFoundException", "Device does not exist.")
        if device.confirmed:
            return _error("DeviceKeyExistsException", "Device already confirmed.")
        config = body.get("DeviceSecretVerifierConfig") or {}
        try:
            verifier = int.from_bytes(base64.b64decode(config["PasswordVerifier"],
                                                       validate=True), "big")
            salt = int.from_bytes(base64.b64decode(config["Salt"], validate=True), "big")
        except (KeyError, TypeError, ValueError, binascii.Error):
            return _error("InvalidParameterException", "DeviceSecretVerifierConfig is invalid")
        if not 1 < verifier < N or salt == 0:
            return _error("InvalidParameterException", "DeviceSecretVerifierConfig is invalid")
        device.salt, device.verifier, device.confirmed = salt, verifier, True
        device.name = str(body.get("DeviceName") or "")
        grant.device_key = device.key  # this sign-in's refreshes now need the device key
        if not self.confirmation_necessary:
            device.remembered = "remembered"
        self.log.append("ConfirmDevice")
        return 200, {"UserConfirmationNecessary": self.confirmation_necessary}

    def owned_device(self, body: dict[str, Any]) -> tuple[PeerDevice | None, Any]:
        grant = self.user_of(body.get("AccessToken"))
        if grant is None:
            return None, _error("NotAuthorizedException", "Invalid Access Token")
        device = self.devices.get(body.get("DeviceKey", ""))
        if device is None or device.owner != grant.username or not device.confirmed:
            return None, _error("ResourceNotFoundException", "Device does not exist.")
        return device, None

    def update_device_status(self, body: dict[str, Any]) -> tuple[int, Any]:
        device, refusal = self.owned_device(body)
        if device is None:
            return refusal
        status = body.get("DeviceRememberedStatus")
        if status not in ("remembered", "not_remembered"):
            return _error("InvalidParameterException", "DeviceRememberedStatus is invalid")
        device.remembered = status
        self.log.append(f"UpdateDeviceStatus {status}")
        return 200, {}

    def forget_device(self, body: dict[str, Any]) -> tuple[int, Any]:
        device, refusal = self.owned_device(body)
        if device is None:
            return refusal
        del self.devices[device.key]
        self.log.append("ForgetDevice")
        return 200, {}

    def list_devices(self, body: dict[str, Any]) -> tuple[int, Any]:
        grant = self.user_of(body.get("AccessToken"))
        if grant is None:
            return _error("NotAuthorizedException", "Invalid Access Token")
        limit = body.get("Limit", 60)
        if not isinstance(limit, int) or not 0 <= limit <= 60:
            return _error("InvalidParameterException", "Limit must be between 0 and 60")
        mine = [d for d in self.devices.values() if d.owner == grant.username and d.confirmed]
        start = int(body.get("PaginationToken") or 0)
        size = min(limit or 60, self.page_size)
        page = mine[start:start + size]
        answer: dict[str, Any] = {"Devices": [{
            "DeviceKey": d.key, "DeviceCreateDate": d.created,
            "DeviceLastModifiedDate": d.created, "DeviceLastAuthenticatedDate": d.created,
            "DeviceAttributes": [{"Name": "device_status", "Value": "valid"},
                                 {"Name": "device_name", "Value": d.name},
                                 {"Name": "device_remembered_status", "Value": d.remembered},
                                 {"Name": "last_ip_used", "Value": "127.0.0.1"}]}
            for d in page]}
        if start + size < len(mine):
            answer["PaginationToken"] = str(start + size)
        return 200, answer
