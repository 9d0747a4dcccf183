"""The SRP maths of a remembered device: its verifier (ConfirmDevice) and its proof
(DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER).

A device signs in like a user with SRP, where the device group key takes the pool name's
place and the device key the user's: x = H(salt | H(DeviceGroupKey + DeviceKey + ":" +
password)), verifier = g^x mod N (AWS's amazon-cognito-identity-js AuthenticationHelper,
`generateHashDevice` and `getPasswordAuthenticationKey`). The group, hashes and HKDF are
those of `srp.py`, reused here; only the names hashed differ.

The device password is random (40 bytes, base64) and never leaves this machine except as
the verifier (at ConfirmDevice) and the HMAC signature (at each later sign-in).
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime

from tokenexplorer.cognito.srp import (
    G,
    K,
    N,
    PasswordClaim,
    SrpError,
    claim_signature,
    cognito_timestamp,
    ephemeral,
    hkdf_key,
    pad_hex,
    password_hash_x,
    scramble_u,
)

SALT_BYTES = 16
PASSWORD_BYTES = 40


@dataclass(frozen=True)
class DeviceVerifier:
    """What ConfirmDevice sends as DeviceSecretVerifierConfig (both base64), plus the
    password it was made from (kept in the keyring, never sent)."""

    password: str
    salt: str
    password_verifier: str

    def __repr__(self) -> str:
        return "DeviceVerifier(password=‹hidden›)"

    def as_config(self) -> dict[str, str]:
        return {"PasswordVerifier": self.password_verifier, "Salt": self.salt}


def device_x(group_key: str, device_key: str, password: str, salt: int) -> int:
    """x = H(salt | H(DeviceGroupKey + DeviceKey + ":" + password))."""
    return password_hash_x(group_key, device_key, password, salt)


def make_verifier(group_key: str, device_key: str, *, password: str | None = None,
                  salt: int | None = None) -> DeviceVerifier:
    """A random device password and the salt + verifier g^x mod N that prove it."""
    if not group_key or not device_key:
        raise SrpError("a device needs its device key and device group key")
    password = password or base64.b64encode(secrets.token_bytes(PASSWORD_BYTES)).decode()
    salt = salt if salt is not None else int.from_bytes(secrets.token_bytes(SALT_BYTES), "big")
    verifier = pow(G, device_x(group_key, device_key, password, salt), N)
    return DeviceVerifier(
        password=password,
        salt=base64.b64encode(bytes.fromhex(pad_hex(salt))).decode("ascii"),
        password_verifier=base64.b64encode(bytes.fromhex(pad_hex(verifier))).decode("ascii"),
    )


class DeviceSrpClient:
    """One device proof: SRP_A for DEVICE_SRP_AUTH, then the DEVICE_PASSWORD_VERIFIER claim."""

    def __init__(self, group_key: str, device_key: str, password: str, *,
                 small_a: int | None = None) -> None:
        self.group_key, self.device_key = group_key, device_key
        self._password = password
        self._a, self.big_a = ephemeral(small_a)

    def __repr__(self) -> str:
        return f"DeviceSrpClient(device_key={self.device_key!r})"

    @property
    def srp_a(self) -> str:
        return f"{self.big_a:x}"

    def claim(self, *, salt_hex: str, srp_b_hex: str, secret_block: str,
              now: datetime | None = None) -> PasswordClaim:
        """PASSWORD_CLAIM_SIGNATURE over group key | device key | secret block | timestamp."""
        try:
            big_b, salt = int(srp_b_hex, 16), int(salt_hex, 16)
            block = base64.b64decode(secret_block, validate=True)
        except (ValueError, TypeError) as exc:
            raise SrpError("the server's device challenge is malformed") from exc
        if big_b % N == 0:
            raise SrpError("the server's SRP_B is not acceptable (B ≡ 0 mod N)")
        u = scramble_u(self.big_a, big_b)
        if u == 0:
            raise SrpError("the SRP scrambling value u is zero")
        x = device_x(self.group_key, self.device_key, self._password, salt)
        shared = pow((big_b - K * pow(G, x, N)) % N, self._a + u * x, N)
        timestamp = cognito_timestamp(now)
        signature = claim_signature(hkdf_key(shared, u), self.group_key, self.device_key,
                                    block, timestamp)
        return PasswordClaim(signature=signature, secret_block=secret_block, timestamp=timestamp)
