"""Choice-based sign-in (USER_AUTH) against the protocol-checking stand-in over HTTP.

The stand-in (newer_peer.py) verifies the SRP claim against a stored verifier, sends codes
to its outbox and checks them, and refuses choices Cognito did not offer.
"""

from __future__ import annotations

import pytest
from newer_helpers import PASSWORD

from tokenexplorer.cognito.auth import Challenge, Tokens
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.user_auth import FlowChallenge, SignInFlow


def test_select_challenge_offers_typed_choices_and_password_signs_in(newer):
    peer, http, auth = newer()
    peer.register("alice", PASSWORD, email="alice@example.com")
    flow = SignInFlow(auth)
    step = flow.start("alice")
    assert isinstance(step, FlowChallenge) and step.name == "SELECT_CHALLENGE"
    assert step.available == ("PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "WEB_AUTHN")
    (choice,) = step.required_fields
    assert choice.name == "ANSWER" and choice.choices == ("PASSWORD", "PASSWORD_SRP",
                                                          "EMAIL_OTP")
    assert "passkey" in step.note.lower() and "browser" in step.note.lower()
    target, body = http.requests[0]
    assert target == "InitiateAuth" and body["AuthFlow"] == "USER_AUTH"
    assert body["AuthParameters"] == {"USERNAME": "alice"}

    with pytest.raises(CognitoError) as wrong:
        SignInFlow(auth).choose(SignInFlow(auth).start("alice"), "PASSWORD",
                                password="Wrong-Password-8")
    assert wrong.value.code == "NotAuthorized"

    tokens = flow.choose(step, "PASSWORD", password=PASSWORD)
    assert isinstance(tokens, Tokens) and tokens.refresh_token
    _, answer = http.requests[-1]
    assert answer["ChallengeName"] == "SELECT_CHALLENGE"
    assert answer["ChallengeResponses"] == {"USERNAME": "alice", "ANSWER": "PASSWORD",
                                            "PASSWORD": PASSWORD}


def test_password_srp_choice_runs_the_real_srp_proof(newer):
    peer, http, auth = newer(secret="client-secret-value")
    peer.register("bob", PASSWORD)
    for password, accepted in ((PASSWORD, True), ("right-password-7", False)):
        flow = SignInFlow(auth)
        step = flow.choose(flow.start("bob"), "PASSWORD_SRP", password=password)
        assert isinstance(step, Challenge) and step.name == "PASSWORD_VERIFIER"
        assert step.automatic and "SRP_B" not in step.parameters
        if accepted:
            assert isinstance(flow.respond(step, {}), Tokens)
        else:
            with pytest.raises(CognitoError) as refused:
                flow.respond(step, {})
            assert refused.value.code == "NotAuthorized"
    assert peer.log.count("PASSWORD_VERIFIER accepted") == 1
    assert peer.log.count("PASSWORD_VERIFIER rejected") == 1
    assert PASSWORD not in repr(http.requests)  # SRP: the password never travels
    assert all("SECRET_HASH" in (body.get("AuthParameters") or body["ChallengeResponses"])
               for _, body in http.requests)


@pytest.mark.parametrize(("factor", "detail"), [("EMAIL_OTP", {"email": "c@example.com"}),
                                                ("SMS_OTP", {"phone": "+15550100"})])
def test_codes_by_email_and_sms_are_checked(newer, factor, detail):
    peer, http, auth = newer()
    peer.register("carol", PASSWORD, **detail)
    flow = SignInFlow(auth)
    step = flow.start("carol", preferred=factor)  # the preferred factor skips the choice
    assert step.name == factor
    (code_field,) = step.required_fields
    assert code_field.name == f"{factor}_CODE"
    assert http.requests[0][1]["AuthParameters"]["PREFERRED_CHALLENGE"] == factor
    ((_, medium, code),) = peer.outbox
    assert medium == ("EMAIL" if factor == "EMAIL_OTP" else "SMS")
    with pytest.raises(CognitoError) as wrong:
        flow.respond(step, {code_field.name: "00000000" if code != "00000000" else "1"})
    assert wrong.value.code == "CodeMismatch"

    flow = SignInFlow(auth)
    step = flow.choose(flow.start("carol"), factor)
    code = peer.outbox[-1][2]
    assert isinstance(flow.respond(step, {code_field.name: code}), Tokens)
    assert peer.log[-2:] == [f"{factor} accepted", "tokens for carol"]


def test_a_factor_not_offered_is_refused_before_asking_cognito(newer):
    peer, http, auth = newer()
    peer.register("dan", PASSWORD)  # no email, no phone: no codes
    flow = SignInFlow(auth)
    step = flow.start("dan")
    sent = len(http.requests)
    with pytest.raises(CognitoError) as refused:
        flow.choose(step, "EMAIL_OTP")
    assert refused.value.code == "FactorNotAllowed"
    assert "a code by email" in str(refused.value) and "the password" in str(refused.value)
    assert len(http.requests) == sent


def test_a_preferred_factor_the_pool_does_not_allow_is_explained(newer):
    peer, _, auth = newer(first_factors=("PASSWORD", "PASSWORD_SRP"))
    peer.register("erin", PASSWORD, email="erin@example.com")
    with pytest.raises(CognitoError) as refused:
        SignInFlow(auth).start("erin", preferred="EMAIL_OTP")
    assert refused.value.code == "FactorNotAllowed"
    assert "does not allow a code by email" in str(refused.value)


def test_user_auth_not_enabled_on_the_client_is_explained(newer):
    peer, _, auth = newer(allow_user_auth=False)
    peer.register("fay", PASSWORD)
    with pytest.raises(CognitoError) as refused:
        SignInFlow(auth).start("fay")
    assert refused.value.code == "UserAuthNotEnabled"
    assert "ALLOW_USER_AUTH" in str(refused.value)
    assert refused.value.original_code == "InvalidParameterException"


def test_required_mfa_and_passwordless_do_not_combine(newer):
    peer, _, auth = newer()
    peer.register("gus", PASSWORD, email="gus@example.com", totp="123456")
    step = SignInFlow(auth).start("gus")
    assert step.available == ("PASSWORD", "PASSWORD_SRP")
    with pytest.raises(CognitoError) as refused:
        SignInFlow(auth).start("gus", preferred="EMAIL_OTP")
    assert refused.value.code == "MfaWithPasswordless"
    flow = SignInFlow(auth)
    step = flow.choose(flow.start("gus"), "PASSWORD", password=PASSWORD)
    assert step.name == "SOFTWARE_TOKEN_MFA"
    with pytest.raises(CognitoError):
        flow.respond(step, {"SOFTWARE_TOKEN_MFA_CODE": "654321"})


def test_passkeys_need_the_browser(newer):
    peer, http, auth = newer()
    peer.register("hal", PASSWORD)
    flow = SignInFlow(auth)
    step = flow.start("hal")
    sent = len(http.requests)
    with pytest.raises(CognitoError) as refused:
        flow.choose(step, "WEB_AUTHN")
    assert refused.value.code == "NeedsBrowser"
    assert "hosted UI" in str(refused.value)
    assert len(http.requests) == sent


def test_hostile_choices_are_bounded_and_plain(json_peer, auth_for):
    """A server's AvailableChallenges are untrusted: only challenge-shaped names, at most 10."""
    from tokenexplorer.cognito.profiles import Profile

    offered = ["PASSWORD\x1b[2J", "<b>EMAIL_OTP</b>", "x" * 5000, *[f"C{i}" for i in range(40)],
               "EMAIL_OTP"]
    http = json_peer(lambda target, body: (200, {
        "ChallengeName": "SELECT_CHALLENGE", "Session": "s", "ChallengeParameters": {},
        "AvailableChallenges": offered}))
    profile = Profile("hostile", "us-east-1", "us-east-1_Hostile1", "c", endpoint_url=http.url)
    step = SignInFlow(auth_for(profile)).start("ann")
    assert step.available == tuple(f"C{i}" for i in range(10))
    assert step.required_fields[0].choices == ()
    assert "\x1b" not in step.note and "<b>" not in step.note
