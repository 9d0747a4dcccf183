"""What a sign-out did, in words for the user (RevokeToken or, only when allowed,
GlobalSignOut), and the question to ask before GlobalSignOut."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tokenexplorer.cognito.errors import CognitoError


@dataclass(frozen=True)
class SignOutResult:
    method: Literal["RevokeToken", "GlobalSignOut"]
    message: str


NEEDS_GLOBAL_SIGN_OUT = "NeedsGlobalSignOut"


class GlobalSignOutNeeded(CognitoError):
    """RevokeToken cannot end this session; only GlobalSignOut (every device) could.
    `reason` says why, for the question the caller must put to the user first."""

    def __init__(self, why: str, original_code: str = "") -> None:
        super().__init__(
            NEEDS_GLOBAL_SIGN_OUT,
            f"This session cannot be revoked on its own: {why}. The only way left is "
            "GlobalSignOut, which ends all of this user's sessions on every device.",
            original_code=original_code or NEEDS_GLOBAL_SIGN_OUT,
        )
        self.reason = why


def needs_global_sign_out(why: str, original_code: str = "") -> GlobalSignOutNeeded:
    """The question the caller must put to the user before GlobalSignOut."""
    return GlobalSignOutNeeded(why, original_code)


def lacks_revoke_reason(error: CognitoError) -> str:
    code = error.original_code
    if (code.isascii() and code.isdigit()) or code.startswith("HTTP"):
        return f"the server does not offer RevokeToken (it answered HTTP {error.http_status})"
    return f"the server does not offer RevokeToken ({error.original_code})"


def revoke_result() -> SignOutResult:
    return SignOutResult(
        "RevokeToken",
        "Signed out: the refresh token was revoked (RevokeToken), and with it the access "
        "tokens issued from it.",
    )


def global_sign_out_result(why: str) -> SignOutResult:
    return SignOutResult(
        "GlobalSignOut",
        f"Signed out with GlobalSignOut because {why}: every refresh token of this user is "
        "now invalid, on all devices, not only this session's.",
    )
