"""What a Cognito sign-in call answers, as values: tokens, a challenge, or "confirm first".

`step_from_response` turns an InitiateAuth / RespondToAuthChallenge answer into a `Step`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from tokenexplorer.cognito.challenges import (
    HIDDEN_PARAMETERS,
    Challenge,
    ChallengeKind,
    challenge_kind,
    fields_for,
)
from tokenexplorer.cognito.errors import UNEXPECTED_RESPONSE, CognitoError
from tokenexplorer.cognito.srp import SrpClient
from tokenexplorer.cognito.srp_flow import SrpContext


@dataclass(frozen=True)
class Tokens:
    id_token: str = field(repr=False)
    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_in: int
    token_type: str = "Bearer"

    def __repr__(self) -> str:  # never show a token
        return (
            f"Tokens(expires_in={self.expires_in}, token_type={self.token_type!r}, "
            f"refresh_token={'‹present›' if self.refresh_token else None})"
        )

    def as_json(self) -> dict[str, Any]:
        """The shape `tokenexplorer signin --json` prints."""
        return {
            "IdToken": self.id_token,
            "AccessToken": self.access_token,
            "RefreshToken": self.refresh_token,
            "ExpiresIn": self.expires_in,
        }


@dataclass(frozen=True)
class CodeDelivery:
    destination: str | None
    medium: str | None  # EMAIL, SMS
    attribute: str | None

    def describe(self) -> str:
        medium = {"EMAIL": "by email", "SMS": "by SMS"}.get(self.medium or "", "")
        where = f" to {self.destination}" if self.destination else ""
        return f"A code was sent{(' ' + medium) if medium else ''}{where}."

    @classmethod
    def from_response(cls, details: dict[str, Any] | None) -> CodeDelivery | None:
        if not details:
            return None
        return cls(details.get("Destination"), details.get("DeliveryMedium"),
                   details.get("AttributeName"))


@dataclass(frozen=True)
class ConfirmationNeeded:
    """Sign-in met an unconfirmed account: take the user to the confirm-sign-up step."""

    username: str
    delivery: CodeDelivery | None = None


Step = Tokens | Challenge | ConfirmationNeeded


@dataclass(frozen=True)
class SignUpResult:
    user_confirmed: bool
    delivery: CodeDelivery | None
    user_sub: str | None


def tokens_from(result: dict[str, Any]) -> Tokens:
    """Tokens from an AuthenticationResult."""
    return Tokens(
        id_token=result.get("IdToken", ""),
        access_token=result.get("AccessToken", ""),
        refresh_token=result.get("RefreshToken"),
        expires_in=int(result.get("ExpiresIn") or 3600),
        token_type=result.get("TokenType") or "Bearer",
    )


def step_from_response(response: dict[str, Any], username: str, *,
                       srp: SrpClient | None = None, password: str | None = None) -> Step:
    """Tokens, or the Challenge Cognito asks for next (CognitoError for one we cannot
    answer). `srp` and `password` come from an SRP InitiateAuth, for PASSWORD_VERIFIER."""
    result = response.get("AuthenticationResult")
    if result:
        return tokens_from(result)
    name = response.get("ChallengeName")
    if not name:
        raise CognitoError(UNEXPECTED_RESPONSE,
                           "Cognito answered without tokens or a challenge.")
    raw = {str(k): v if isinstance(v, str) else json.dumps(v)
           for k, v in (response.get("ChallengeParameters") or {}).items()}
    challenge_username = raw.get("USERNAME") or username
    session = response.get("Session")
    kind = challenge_kind(str(name))
    if kind is ChallengeKind.PASSWORD_VERIFIER:
        context = SrpContext(srp, raw, password) if srp and password is not None else None
        shown = {k: v for k, v in raw.items() if k not in HIDDEN_PARAMETERS}
        return Challenge(kind, shown, [], challenge_username, session, srp=context)
    return Challenge(kind, raw, fields_for(kind, raw), challenge_username, session)
