"""The sign-in dialog's step logic (Qt-free) and its page classes: which page follows which
Cognito step, typed challenge kinds from the wire, and pages that fill the dialog."""

from __future__ import annotations

import pytest

from tokenexplorer.cognito.auth import (
    Challenge,
    ChallengeKind,
    CodeDelivery,
    ConfirmationNeeded,
    FieldKind,
    NeedsGlobalSignOut,
    Tokens,
    fields_for,
    needs_global_sign_out,
)
from tokenexplorer.cognito.errors import (
    NEEDS_GLOBAL_SIGN_OUT,
    UNSUPPORTED_CHALLENGE,
    CognitoError,
)
from tokenexplorer.cognito.steps import step_from_response
from tokenexplorer.ui.cognito.signin_steps import (
    PageKind,
    challenge_wording,
    page_for,
    page_name,
)

PAGES = {
    ChallengeKind.NEW_PASSWORD_REQUIRED: PageKind.NEW_PASSWORD,
    ChallengeKind.SMS_MFA: PageKind.CODE,
    ChallengeKind.SMS_OTP: PageKind.CODE,
    ChallengeKind.EMAIL_OTP: PageKind.CODE,
    ChallengeKind.SOFTWARE_TOKEN_MFA: PageKind.CODE,
    ChallengeKind.SELECT_MFA_TYPE: PageKind.SELECT_MFA,
    ChallengeKind.CUSTOM_CHALLENGE: PageKind.CUSTOM,
    ChallengeKind.MFA_SETUP: PageKind.MFA_SETUP,
}


def challenge(kind: ChallengeKind, parameters: dict[str, str] | None = None) -> Challenge:
    parameters = parameters or {}
    return Challenge(kind, parameters, fields_for(kind, parameters), "demo", "session")


@pytest.mark.parametrize("kind", list(PAGES))
def test_each_challenge_kind_has_its_page(kind):
    assert page_for(challenge(kind)) is PAGES[kind]
    name = page_name(PAGES[kind], challenge(kind))
    assert name == ("mfa_setup" if kind is ChallengeKind.MFA_SETUP else f"challenge:{kind}")


def test_tokens_end_and_an_unconfirmed_account_goes_to_confirm():
    assert page_for(Tokens("id", "access", None, 3600)) is None
    assert page_for(ConfirmationNeeded("demo")) is PageKind.CONFIRM


def test_wire_names_become_typed_kinds_and_an_unknown_challenge_is_refused_by_code():
    step = step_from_response({"ChallengeName": "EMAIL_OTP", "Session": "s",
                               "ChallengeParameters": {"USERNAME": "u-1"}}, "demo")
    assert isinstance(step, Challenge) and step.name is ChallengeKind.EMAIL_OTP
    assert step.username == "u-1" and step.name.sends_code
    assert [f.kind for f in step.required_fields] == [FieldKind.CODE]
    # Known to the newer flows but not answerable by the classic ones, or unknown: refused.
    for name in ("DEVICE_SRP_AUTH", "SOMETHING_NEW"):
        with pytest.raises(CognitoError) as refused:
            step_from_response({"ChallengeName": name}, "demo")
        assert refused.value.code == UNSUPPORTED_CHALLENGE
        assert refused.value.original_code == name


def test_fields_say_what_to_ask_for():
    kinds = [f.kind for f in fields_for(ChallengeKind.NEW_PASSWORD_REQUIRED,
                                        {"requiredAttributes": '["email"]'})]
    assert kinds == [FieldKind.NEW_PASSWORD, FieldKind.ATTRIBUTE]
    (choice,) = fields_for(ChallengeKind.SELECT_MFA_TYPE, {})
    assert choice.kind is FieldKind.CHOICE and choice.choices
    assert [f.kind for f in fields_for(ChallengeKind.CUSTOM_CHALLENGE, {})] == [
        FieldKind.ANSWER]


def test_challenge_wording_says_where_the_code_went_or_that_the_emulator_sends_none():
    sms = challenge(ChallengeKind.SMS_MFA, {"CODE_DELIVERY_DESTINATION": "+*******0100"})
    assert "It went to +*******0100" in challenge_wording(sms, emulator=False)[1]
    title, text = challenge_wording(sms, emulator=True)
    assert title == "Enter the SMS code" and "sends no mail" in text and "+*" not in text
    totp = challenge(ChallengeKind.SOFTWARE_TOKEN_MFA)
    assert "TOTP checking" in challenge_wording(totp, emulator=True)[1]


def test_needs_global_sign_out_is_a_typed_error_with_its_reason():
    error = needs_global_sign_out("the server does not offer RevokeToken", "HTTP 500")
    assert isinstance(error, NeedsGlobalSignOut) and isinstance(error, CognitoError)
    assert error.code == NEEDS_GLOBAL_SIGN_OUT and error.original_code == "HTTP 500"
    assert error.reason == "the server does not offer RevokeToken"


def test_every_challenge_page_fills_the_dialog_on_its_first_showing(qtbot, state, profile):
    """A page filled in while hidden, then shown, takes the dialog's width (not its own
    narrow size hint)."""
    from tokenexplorer.ui.cognito.signin_dialog import SignInDialog

    dialog = SignInDialog(state, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    full = dialog.stack.width()
    for kind in (ChallengeKind.NEW_PASSWORD_REQUIRED, ChallengeKind.SMS_MFA,
                 ChallengeKind.SELECT_MFA_TYPE, ChallengeKind.CUSTOM_CHALLENGE):
        dialog.show_step(challenge(kind))
        assert dialog.current_page_name() == f"challenge:{kind}"
        page = dialog.stack.currentWidget()
        qtbot.waitUntil(lambda page=page: page.width() == full, timeout=2000)
    dialog.show_confirm("demo", CodeDelivery("d***@e***", "EMAIL", "email"),
                        then_sign_in=False)
    assert dialog.current_page_name() == "confirm"
    qtbot.waitUntil(lambda: dialog.confirm_page.width() == full, timeout=2000)
