"""The sign-in dialog's step logic, without Qt: which page follows which Cognito step, and
what each page says. `SignInDialog` only shows what this module decides, so the mapping is
tested without widgets."""

from __future__ import annotations

from enum import Enum

from tokenexplorer.cognito.challenges import Challenge, ChallengeKind
from tokenexplorer.cognito.steps import CodeDelivery, ConfirmationNeeded, Step, Tokens
from tokenexplorer.ui.cognito.emulator_wording import EMULATOR_NO_CODE

FLOWS = (("srp", "SRP (USER_SRP_AUTH): the password never leaves this machine"),
         ("password", "Password (USER_PASSWORD_AUTH): the password is sent over TLS"),
         ("user-auth", "Choice-based (USER_AUTH): a password, a code or a passkey"))
SIGNING_IN = {"srp": "Signing in (SRP)…", "password": "Signing in…",
              "user-auth": "Starting choice-based sign-in (USER_AUTH)…"}
PASSWORD_FLOW_OVER_HTTP = ("Password (USER_PASSWORD_AUTH): the password is sent in clear text "
                           "to this http:// endpoint")


class PageKind(Enum):
    """One page of the dialog per step; `value` is what `current_page_name` reports."""

    CREDENTIALS = "credentials"
    NEW_PASSWORD = "new password"
    CODE = "code"
    SELECT_MFA = "select mfa"
    CUSTOM = "custom"
    MFA_SETUP = "mfa_setup"
    CONFIRM = "confirm"
    FORGOT = "forgot"
    RESET = "reset"
    CHOICE = "choice"  # SELECT_CHALLENGE of choice-based sign-in
    PASSKEY = "passkey"  # WEB_AUTHN: needs a browser


PRIMARY_TEXT = {
    PageKind.CREDENTIALS: "Sign in",
    PageKind.NEW_PASSWORD: "Continue",
    PageKind.CODE: "Continue",
    PageKind.SELECT_MFA: "Continue",
    PageKind.CUSTOM: "Continue",
    PageKind.MFA_SETUP: "Verify",
    PageKind.CONFIRM: "Confirm",
    PageKind.FORGOT: "Send code",
    PageKind.RESET: "Set new password",
    PageKind.CHOICE: "Continue",
    PageKind.PASSKEY: "Sign in another way",
}

_CHALLENGE_PAGE = {
    ChallengeKind.NEW_PASSWORD_REQUIRED: PageKind.NEW_PASSWORD,
    ChallengeKind.SMS_MFA: PageKind.CODE,
    ChallengeKind.SMS_OTP: PageKind.CODE,
    ChallengeKind.EMAIL_OTP: PageKind.CODE,
    ChallengeKind.SOFTWARE_TOKEN_MFA: PageKind.CODE,
    ChallengeKind.SELECT_MFA_TYPE: PageKind.SELECT_MFA,
    ChallengeKind.CUSTOM_CHALLENGE: PageKind.CUSTOM,
    ChallengeKind.MFA_SETUP: PageKind.MFA_SETUP,
    ChallengeKind.EMAIL_MFA: PageKind.CODE,
    ChallengeKind.SELECT_CHALLENGE: PageKind.CHOICE,
    ChallengeKind.WEB_AUTHN: PageKind.PASSKEY,
}

CHALLENGE_TEXT: dict[ChallengeKind, tuple[str, str]] = {
    ChallengeKind.NEW_PASSWORD_REQUIRED: (
        "Choose a new password",
        "This account has a temporary password. Choose your own password to continue "
        "(NEW_PASSWORD_REQUIRED)."),
    ChallengeKind.SMS_MFA: ("Enter the SMS code",
                            "Cognito sent a one-time code by SMS (SMS_MFA)."),
    ChallengeKind.SMS_OTP: ("Enter the SMS code",
                            "Cognito sent a one-time code by SMS (SMS_OTP)."),
    ChallengeKind.EMAIL_OTP: ("Enter the email code",
                              "Cognito sent a one-time code by email (EMAIL_OTP)."),
    ChallengeKind.SOFTWARE_TOKEN_MFA: (
        "Enter the code from your authenticator app",
        "Open the authenticator app you set up for this account and type the 6-digit code "
        "it shows now (SOFTWARE_TOKEN_MFA)."),
    ChallengeKind.SELECT_MFA_TYPE: ("Choose how to verify",
                                    "This account has more than one second factor. Pick one "
                                    "(SELECT_MFA_TYPE)."),
    ChallengeKind.CUSTOM_CHALLENGE: ("Answer the challenge",
                                     "A Lambda trigger of this pool asks a custom question "
                                     "(CUSTOM_CHALLENGE)."),
    ChallengeKind.SELECT_CHALLENGE: ("Choose how to sign in",
                                     "Cognito offers more than one way to sign in "
                                     "(SELECT_CHALLENGE)."),
    ChallengeKind.WEB_AUTHN: ("Passkeys need a browser", ""),
    ChallengeKind.EMAIL_MFA: ("Enter the email code",
                              "Cognito sent a one-time code by email (EMAIL_MFA)."),
}
MFA_SETUP_TEXT = ("Set up an authenticator app",
                  "This pool asks you to add a second factor (MFA_SETUP). Scan the QR code "
                  "with an authenticator app (or type the secret into it), then enter the "
                  "code it shows.")
MFA_LABELS = {ChallengeKind.SOFTWARE_TOKEN_MFA: "Authenticator app (TOTP)",
              ChallengeKind.SMS_MFA: "SMS code", ChallengeKind.EMAIL_OTP: "Email code"}


def flow_choices(endpoint_url: str | None) -> tuple[tuple[str, str], ...]:
    """The flow choices, worded for where the password would go (TLS or plain http)."""
    if (endpoint_url or "").strip().lower().startswith("http://"):
        return FLOWS[0], ("password", PASSWORD_FLOW_OVER_HTTP), FLOWS[2]
    return FLOWS


def page_for(step: Step) -> PageKind | None:
    """The page that shows `step`; None for tokens (the sign-in is done)."""
    if isinstance(step, Tokens):
        return None
    if isinstance(step, ConfirmationNeeded):
        return PageKind.CONFIRM
    return challenge_page(step.name)


def challenge_page(kind: ChallengeKind) -> PageKind:
    """The page that asks for a challenge. Challenges answered without the user (the SRP
    and device proofs) have none: a free-text page would be a fallback, never a crash."""
    return _CHALLENGE_PAGE.get(kind, PageKind.CUSTOM)


def page_name(kind: PageKind, challenge: Challenge | None) -> str:
    """'credentials', 'mfa_setup', … or 'challenge:SMS_MFA' for a challenge's page."""
    if kind in (PageKind.NEW_PASSWORD, PageKind.CODE, PageKind.SELECT_MFA, PageKind.CUSTOM,
                PageKind.CHOICE, PageKind.PASSKEY):
        return f"challenge:{challenge.name if challenge else ''}"
    return kind.value


def mfa_choice_label(choice: str) -> str:
    try:
        return MFA_LABELS.get(ChallengeKind(choice), choice)
    except ValueError:
        return choice


def challenge_wording(challenge: Challenge, emulator: bool) -> tuple[str, str]:
    """(title, explanation) for a challenge's page: where the code went, or that the
    emulator sends none."""
    kind = challenge.name
    title, text = CHALLENGE_TEXT.get(kind, (str(kind), ""))
    destination = challenge.parameters.get("CODE_DELIVERY_DESTINATION")
    if emulator and kind.sends_code:
        return title, f"{EMULATOR_NO_CODE} ({kind}: a real pool sends a one-time code.)"
    if emulator and kind is ChallengeKind.SOFTWARE_TOKEN_MFA:
        return title, (text + " The emulator accepts any 6 digits unless it was started "
                       "with TOTP checking on.")
    if destination:
        return title, f"{text} It went to {destination}."
    return title, text


def confirm_wording(delivery: CodeDelivery | None, emulator: bool) -> str:
    if emulator:
        return f"This account is not confirmed yet. {EMULATOR_NO_CODE}"
    return ("This account is not confirmed yet. Enter the confirmation code Cognito sent"
            + (f": {delivery.describe()}" if delivery else ".") + " No code? Use Resend code.")


def reset_wording(delivery: CodeDelivery | None, emulator: bool) -> str:
    sent = (EMULATOR_NO_CODE if emulator
            else delivery.describe() if delivery else "Cognito sent a code.")
    return sent + " Enter it with your new password (ConfirmForgotPassword)."


def forgot_wording(emulator: bool) -> str:
    if emulator:
        return ("A local emulator sends no mail: the code will be in the Sandbox inbox "
                "(ForgotPassword).")
    return "Cognito will send a code to the email or phone of this account (ForgotPassword)."
