"""The challenges Cognito may ask for during a sign-in, as typed objects.

`ChallengeKind` names each challenge Token Explorer can answer (Cognito's own names, so
they print as they appear in the docs); `Field` is one answer a challenge needs, with a
`FieldKind` that tells a dialog or the CLI what to ask for. Callers branch on these, never
on the text of a name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import TYPE_CHECKING

from tokenexplorer.cognito.errors import UNSUPPORTED_CHALLENGE, CognitoError

if TYPE_CHECKING:
    from tokenexplorer.cognito.srp_flow import SrpContext


class ChallengeKind(StrEnum):
    PASSWORD_VERIFIER = "PASSWORD_VERIFIER"
    NEW_PASSWORD_REQUIRED = "NEW_PASSWORD_REQUIRED"
    SMS_MFA = "SMS_MFA"
    SMS_OTP = "SMS_OTP"
    EMAIL_OTP = "EMAIL_OTP"
    SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA"
    SELECT_MFA_TYPE = "SELECT_MFA_TYPE"
    MFA_SETUP = "MFA_SETUP"
    CUSTOM_CHALLENGE = "CUSTOM_CHALLENGE"
    # The newer flows (choice-based sign-in, remembered devices) answer these; the classic
    # flows of CognitoAuth refuse them (`challenge_kind`).
    SELECT_CHALLENGE = "SELECT_CHALLENGE"
    WEB_AUTHN = "WEB_AUTHN"
    EMAIL_MFA = "EMAIL_MFA"
    DEVICE_SRP_AUTH = "DEVICE_SRP_AUTH"
    DEVICE_PASSWORD_VERIFIER = "DEVICE_PASSWORD_VERIFIER"

    @property
    def sends_code(self) -> bool:
        """Cognito sent a one-time code (SMS or email) that the user types back."""
        return self in (ChallengeKind.SMS_MFA, ChallengeKind.SMS_OTP, ChallengeKind.EMAIL_OTP,
                        ChallengeKind.EMAIL_MFA)

    @property
    def asks_code(self) -> bool:
        """The answer is a one-time code (sent, or shown by an authenticator app)."""
        return self.sends_code or self is ChallengeKind.SOFTWARE_TOKEN_MFA


class FieldKind(Enum):
    CODE = "code"  # a one-time code
    NEW_PASSWORD = "new password"
    ATTRIBUTE = "attribute"  # a user attribute the pool requires (NEW_PASSWORD_REQUIRED)
    CHOICE = "choice"  # one of `choices` (SELECT_MFA_TYPE)
    ANSWER = "answer"  # free text (CUSTOM_CHALLENGE)


@dataclass(frozen=True)
class Field:
    """One answer a challenge needs. `name` is its key in `respond(step, answers)`."""

    name: str
    label: str
    secret: bool = False
    choices: tuple[str, ...] = ()
    kind: FieldKind = FieldKind.ANSWER


@dataclass(frozen=True)
class Challenge:
    """A step Cognito asks for. `parameters` are safe to show; `session` is kept private."""

    name: ChallengeKind
    parameters: dict[str, str]
    required_fields: list[Field]
    username: str  # USERNAME for the answer (and SECRET_HASH)
    session: str | None = field(default=None, repr=False)
    # MFA_SETUP after VerifySoftwareToken said SUCCESS: respond(step, {}) finishes.
    setup_verified: bool = False
    # PASSWORD_VERIFIER only: what answers it (the SRP client, its numbers, the password).
    srp: SrpContext | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", ChallengeKind(self.name))  # also from the wire's str

    @property
    def automatic(self) -> bool:
        """No question for the user: call `respond(step, {})` to go on."""
        return self.name is ChallengeKind.PASSWORD_VERIFIER or (
            self.name is ChallengeKind.MFA_SETUP and self.setup_verified)

    @property
    def mfa_can_setup(self) -> list[str]:
        return json_list(self.parameters.get("MFAS_CAN_SETUP"))

    def __repr__(self) -> str:
        names = [f.name for f in self.required_fields]
        return (f"Challenge(name={str(self.name)!r}, parameters={self.parameters!r}, "
                f"fields={names})")


_CODE_ANSWER = {
    ChallengeKind.SMS_MFA: ("SMS_MFA_CODE", "SMS code"),
    ChallengeKind.EMAIL_OTP: ("EMAIL_OTP_CODE", "Email code"),
    ChallengeKind.SOFTWARE_TOKEN_MFA: ("SOFTWARE_TOKEN_MFA_CODE", "Authenticator app code"),
    ChallengeKind.SMS_OTP: ("SMS_OTP_CODE", "SMS code"),
}
# What the classic flows (USER_SRP_AUTH, USER_PASSWORD_AUTH) can answer.
CLASSIC = frozenset({ChallengeKind.PASSWORD_VERIFIER, ChallengeKind.NEW_PASSWORD_REQUIRED,
                     ChallengeKind.SELECT_MFA_TYPE, ChallengeKind.MFA_SETUP,
                     ChallengeKind.CUSTOM_CHALLENGE, *_CODE_ANSWER})
# Challenge parameters a user may see (the SRP numbers and secret block are not for them).
HIDDEN_PARAMETERS = frozenset({"SALT", "SRP_B", "SECRET_BLOCK"})


def json_list(value: object) -> list[str]:
    """A list parameter as Cognito (a JSON text) or moto (a Python list as text) sends it."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if not value:
        return []
    try:
        parsed = json.loads(str(value))
    except (TypeError, ValueError):
        text = str(value)
        if text.startswith("["):  # "['SMS_MFA']": a Python list as text (moto sends this)
            return re.findall(r"[\w.:-]+", text, re.ASCII)
        return [text]
    return [str(v) for v in parsed] if isinstance(parsed, list) else [str(parsed)]


def _attribute_label(name: str) -> str:
    plain = name.removeprefix("userAttributes.").removeprefix("custom:")
    return plain.replace("_", " ").capitalize()


def fields_for(name: ChallengeKind | str, parameters: dict[str, str]) -> list[Field]:
    """The answers a challenge needs, in the order a dialog should ask for them (none for
    a challenge answered without the user, or one this module does not know)."""
    try:
        kind = ChallengeKind(name)
    except ValueError:
        return []
    if kind in _CODE_ANSWER:
        key, label = _CODE_ANSWER[kind]
        destination = parameters.get("CODE_DELIVERY_DESTINATION")
        return [Field(key, f"{label} (sent to {destination})" if destination else label,
                      kind=FieldKind.CODE)]
    if kind is ChallengeKind.NEW_PASSWORD_REQUIRED:
        fields = [Field("NEW_PASSWORD", "New password", secret=True,
                        kind=FieldKind.NEW_PASSWORD)]
        for attribute in json_list(parameters.get("requiredAttributes")):
            key = attribute if attribute.startswith("userAttributes.") else (
                f"userAttributes.{attribute}")
            fields.append(Field(key, _attribute_label(key), kind=FieldKind.ATTRIBUTE))
        return fields
    if kind is ChallengeKind.SELECT_MFA_TYPE:
        choices = tuple(json_list(parameters.get("MFAS_CAN_CHOOSE"))) or (
            ChallengeKind.SOFTWARE_TOKEN_MFA.value, ChallengeKind.SMS_MFA.value)
        return [Field("ANSWER", "MFA method", choices=choices, kind=FieldKind.CHOICE)]
    if kind is ChallengeKind.CUSTOM_CHALLENGE:
        return [Field("ANSWER", "Answer", kind=FieldKind.ANSWER)]
    return []


def challenge_kind(name: str) -> ChallengeKind:
    """The kind of a challenge Cognito named, or CognitoError when the classic flows cannot
    answer it."""
    if name in CLASSIC:  # a StrEnum member equals its name
        return ChallengeKind(name)
    raise CognitoError(
        UNSUPPORTED_CHALLENGE,
        f"Cognito asked for the {name} challenge, which Token Explorer cannot answer.",
        original_code=name,
    )
