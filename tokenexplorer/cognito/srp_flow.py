"""The SRP half of a sign-in: what InitiateAuth sends (SRP_A) and how PASSWORD_VERIFIER is
answered. The password stays on this machine; only the proof goes to Cognito."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tokenexplorer.cognito.errors import INVALID_STEP, SRP_FAILED, CognitoError
from tokenexplorer.cognito.srp import SrpClient, SrpError

if TYPE_CHECKING:
    from tokenexplorer.cognito.challenges import Challenge


@dataclass(frozen=True)
class SrpContext:
    """What a PASSWORD_VERIFIER answer needs: the client that made SRP_A, the server's SRP
    numbers (SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP) and the password."""

    client: SrpClient = field(repr=False)
    parameters: dict[str, str] = field(repr=False)
    password: str = field(repr=False)


def password_verifier_answers(step: Challenge) -> dict[str, str]:
    """ChallengeResponses for PASSWORD_VERIFIER: the claim signed with the SRP key."""
    context = step.srp
    if context is None:
        raise CognitoError(INVALID_STEP, "This PASSWORD_VERIFIER step did not come from "
                           "an SRP sign-in of this session.")
    raw = context.parameters
    try:
        claim = context.client.password_claim(
            user_id_for_srp=raw.get("USER_ID_FOR_SRP") or step.username,
            password=context.password,
            salt_hex=raw.get("SALT", ""),
            srp_b_hex=raw.get("SRP_B", ""),
            secret_block=raw.get("SECRET_BLOCK", ""),
        )
    except SrpError as exc:
        raise CognitoError(SRP_FAILED, f"The SRP exchange failed: {exc}.") from None
    return {
        "USERNAME": step.username,
        "PASSWORD_CLAIM_SIGNATURE": claim.signature,
        "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
        "TIMESTAMP": claim.timestamp,
    }
