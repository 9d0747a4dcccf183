"""Plain words for the failures of Cognito's newer features: choice-based sign-in
(USER_AUTH), refresh-token rotation and remembered devices.

`cognito.errors` turns every botocore failure into a `CognitoError`; `explain()` here
sharpens the message when the failure belongs to one of these features, keeping the
original code and (already scrubbed) server text for those who want them.
"""

from __future__ import annotations

import re

from tokenexplorer.cognito.errors import CognitoError

FIRST_FACTORS = ("PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")
FACTOR_WORDS = {
    "PASSWORD": "the password",
    "PASSWORD_SRP": "the password (SRP)",
    "EMAIL_OTP": "a code by email",
    "SMS_OTP": "a code by SMS",
    "WEB_AUTHN": "a passkey",
}

REFRESH_REUSE = (
    "This refresh token was already exchanged for a new one: the app client rotates refresh "
    "tokens, and once the old one's grace period is over Cognito refuses it (a second use "
    "looks like a stolen copy). Token Explorer keeps only the newest token, so another copy "
    "of this session (another program, an older backup) has used it. Sign in again."
)
USER_AUTH_OFF = (
    "This app client does not allow choice-based sign-in (USER_AUTH): turn on ALLOW_USER_AUTH "
    "in the app client's authentication flows (the pool also needs the Essentials tier), or "
    "sign in with --flow srp."
)
MFA_WITH_PASSWORDLESS = (
    "This pool requires MFA, and Cognito does not combine required MFA with passwordless "
    "sign-in (codes, passkeys): only the password can be the first factor here. Sign in with "
    "the password, or make MFA optional in the pool."
)
WEB_AUTHN = (
    "Passkeys (WEB_AUTHN) need a browser: the passkey is held by the browser or the operating "
    "system and answers only to the page of the pool's domain. Sign in with the hosted UI "
    "(the pool's managed login page) instead, or choose another method."
)
ROTATION_REFUSAL = re.compile(r"rotat|GetTokensFromRefreshToken", re.IGNORECASE)
_NOT_OFFERED = re.compile(r"not (?:enabled|allowed|available|supported|configured)|"
                          r"unsupported|invalid (?:challenge|answer)", re.IGNORECASE)


def factor_words(name: str) -> str:
    return FACTOR_WORDS.get(name, name)


def not_allowed_factor(factor: str, available: tuple[str, ...] = ()) -> CognitoError:
    """The user picked a first factor that Cognito did not offer for this sign-in."""
    offered = ", ".join(factor_words(name) for name in available) or "none"
    return CognitoError(
        "FactorNotAllowed",
        f"The user pool does not allow {factor_words(factor)} as the first sign-in factor "
        f"for this user (offered: {offered}). The allowed first factors are in the pool's "
        "sign-in options; codes also need a verified email address or phone number.",
        original_code="FactorNotAllowed",
    )


def _again(error: CognitoError, code: str, message: str) -> CognitoError:
    return CognitoError(code, message, original_code=error.original_code,
                        original_message=error.original_message, operation=error.operation,
                        http_status=error.http_status, retryable=False)


def rotation_refusal(error: CognitoError) -> str:
    """How REFRESH_TOKEN_AUTH's refusal says the client rotates refresh tokens:

    - "code": UnsupportedOperationException: the flow itself is not supported for this
      client; rotation is the one client setting that takes REFRESH_TOKEN_AUTH away.
    - "probe": InvalidParameterException (the request, not the token, was refused): ask
      GetTokensFromRefreshToken once; its answer's structure (a new RefreshToken) says
      whether the client rotates (`rotation.refresh`).
    - "text": the documented fallback for a server that refuses with NotAuthorized but
      names rotation or GetTokensFromRefreshToken in its message (ROTATION_REFUSAL).
    - "": not about rotation (an expired or revoked token, a wrong secret…)."""
    if error.code == "UnsupportedOperation":
        return "code"
    if error.code == "InvalidParameter":
        return "probe"
    if error.code == "NotAuthorized" and ROTATION_REFUSAL.search(error.original_message):
        return "text"
    return ""


def is_rotation_refusal(error: CognitoError) -> bool:
    """REFRESH_TOKEN_AUTH refused (possibly) because the client rotates refresh tokens."""
    return bool(rotation_refusal(error))


def explain(error: CognitoError, *, context: str = "", factor: str | None = None) -> CognitoError:
    """`error` with a message for the newer feature it belongs to (or `error` itself).

    `context`: "user-auth" (choice-based sign-in), "rotation", "device" or "device-proof";
    `factor`: the first factor asked for, if any."""
    original = error.original_code.removesuffix("Exception")
    text = error.original_message
    if original == "RefreshTokenReuse":
        return _again(error, "RefreshTokenReuse", REFRESH_REUSE)
    if original == "DeviceKeyExists":
        return _again(error, "DeviceKeyExists", "This device is already confirmed for the user.")
    if context == "user-auth":
        return _user_auth(error, text, factor)
    if context in ("device", "device-proof"):
        return _device(error, context)
    return error


def _user_auth(error: CognitoError, text: str, factor: str | None) -> CognitoError:
    lowered = text.lower()
    if error.code not in ("InvalidParameter", "NotAuthorized", "UnsupportedOperation",
                          "InvalidUserPoolConfiguration"):
        return error
    if "mfa" in lowered and any(w in lowered for w in ("passwordless", "otp", "webauthn",
                                                        "passkey")):
        return _again(error, "MfaWithPasswordless", MFA_WITH_PASSWORDLESS)
    if "user_auth" in lowered and (_NOT_OFFERED.search(text) or "authflow" in lowered):
        return _again(error, "UserAuthNotEnabled", USER_AUTH_OFF)
    named = [name for name in FIRST_FACTORS if re.search(rf"\b{name}\b", text)] or (
        [factor] if factor else [])
    if named and _NOT_OFFERED.search(text):
        return _again(error, "FactorNotAllowed", not_allowed_factor(named[0]).message)
    return error


def _device(error: CognitoError, context: str) -> CognitoError:
    if error.code == "ResourceNotFound":
        return _again(error, "DeviceNotFound",
                      "The user pool does not know this device (it was forgotten, or belongs "
                      "to another user or pool).")
    if error.code == "NotAuthorized" and context == "device-proof":
        return _again(error, "DeviceRefused",
                      "The remembered device's proof was refused: the device was forgotten at "
                      "the server, or its stored key is not the one the pool knows.")
    if error.code == "InvalidParameter" and "device" in error.original_message.lower():
        return _again(error, "DeviceTrackingOff",
                      "The user pool does not track devices for this user (device tracking is "
                      "off in the pool's settings), so there is no device to remember.")
    return error
