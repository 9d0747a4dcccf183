"""THE SRP proof: our client against a server that really checks the password claim.

The peer (srp_verifier.py) stores only salt + verifier, computes B and S as Cognito does and
checks PASSWORD_CLAIM_SIGNATURE: the right password signs in, a wrong one does not.
"""

from __future__ import annotations

import base64
import locale
import os
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cognito_srp_verifier import TIMESTAMP_RE, FollowUp, SrpVerifier

from tests.strict_skips import require_programs
from tokenexplorer.cognito import srp
from tokenexplorer.cognito.auth import Challenge, Tokens
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.profiles import Profile
from tokenexplorer.cognito.session import Session

POOL = "eu-west-1_TestPool42"
CLIENT = "verifierclient"
PASSWORD = "Right-Password-7"


@pytest.fixture
def verifier_peer(json_peer, auth_for):
    def start(*, secret: str | None = None, then: list[FollowUp] | None = None):
        verifier = SrpVerifier(POOL, CLIENT, client_secret=secret, then=then or [])
        peer = json_peer(verifier)
        profile = Profile("verifier", "eu-west-1", POOL, CLIENT, endpoint_url=peer.url,
                          has_client_secret=secret is not None)
        return verifier, peer, auth_for(profile, client_secret=secret)

    return start


def sign_in(auth, username, password):
    step = auth.sign_in(username, password)
    assert isinstance(step, Challenge) and step.name == "PASSWORD_VERIFIER"
    return auth.respond(step, {})


def test_right_password_signs_in_and_wrong_password_fails(verifier_peer):
    verifier, peer, auth = verifier_peer()
    verifier.register("alice", PASSWORD)

    tokens = sign_in(auth, "alice", PASSWORD)
    assert isinstance(tokens, Tokens)
    assert verifier.log == ["InitiateAuth", "PASSWORD_VERIFIER accepted"]

    for wrong in ("Right-Password-8", "right-password-7", PASSWORD + " ", ""):
        with pytest.raises(CognitoError) as refused:
            sign_in(auth, "alice", wrong)
        assert refused.value.code == "NotAuthorized"
        assert str(refused.value) == "Incorrect username or password."
    assert verifier.log.count("PASSWORD_VERIFIER rejected") == 4

    # What went over the wire: SRP_A and a claim, never the password.
    sent = repr(peer.requests)
    assert PASSWORD not in sent
    target, body = peer.requests[1]
    assert target == "RespondToAuthChallenge"
    assert set(body["ChallengeResponses"]) == {"USERNAME", "PASSWORD_CLAIM_SIGNATURE",
                                               "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP"}
    assert TIMESTAMP_RE.match(body["ChallengeResponses"]["TIMESTAMP"])


def test_uses_user_id_for_srp_and_the_challenge_username(verifier_peer):
    """Alias sign-in (email): USERNAME in the challenge and USER_ID_FOR_SRP are internal."""
    verifier, peer, auth = verifier_peer()
    verifier.register("3f6a-internal", PASSWORD, user_id_for_srp="3f6a-sub-uuid",
                      aliases=("bob@example.com",))
    tokens = sign_in(auth, "bob@example.com", PASSWORD)
    assert isinstance(tokens, Tokens)
    assert peer.requests[1][1]["ChallengeResponses"]["USERNAME"] == "3f6a-internal"
    session = Session(auth, tokens, profile_name="verifier")
    assert session.username == "3f6a-internal"  # cognito:username, for later refreshes


def test_client_with_secret_hashes_the_right_username(verifier_peer):
    verifier, peer, auth = verifier_peer(secret="s3cr3t-client-secret")
    verifier.register("carol-internal", PASSWORD, aliases=("carol@example.com",))
    assert isinstance(sign_in(auth, "carol@example.com", PASSWORD), Tokens)
    # InitiateAuth hashed the typed alias, the answer hashed the challenge's USERNAME.
    assert peer.requests[0][1]["AuthParameters"]["SECRET_HASH"] != (
        peer.requests[1][1]["ChallengeResponses"]["SECRET_HASH"])
    assert "s3cr3t-client-secret" not in repr(peer.requests) + repr(auth)


def test_follow_up_challenges_select_mfa_then_email_otp(verifier_peer):
    verifier, peer, auth = verifier_peer(then=[
        FollowUp("SELECT_MFA_TYPE", {"MFAS_CAN_CHOOSE": '["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]'},
                 {"ANSWER": "EMAIL_OTP"}),
        FollowUp("EMAIL_OTP", {"CODE_DELIVERY_DESTINATION": "d***@e***",
                               "CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL"},
                 {"EMAIL_OTP_CODE": "24680"}),
    ])
    verifier.register("dana", PASSWORD)
    step = sign_in(auth, "dana", PASSWORD)
    assert isinstance(step, Challenge) and step.name == "SELECT_MFA_TYPE"
    (choice,) = step.required_fields
    assert choice.name == "ANSWER" and choice.choices == ("SOFTWARE_TOKEN_MFA", "EMAIL_OTP")

    step = auth.respond(step, {"ANSWER": "EMAIL_OTP"})
    assert isinstance(step, Challenge) and step.name == "EMAIL_OTP"
    (code,) = step.required_fields
    assert code.name == "EMAIL_OTP_CODE" and "d***@e***" in code.label
    with pytest.raises(CognitoError) as wrong:
        auth.respond(step, {"EMAIL_OTP_CODE": "11111"})
    assert wrong.value.code == "CodeMismatch"
    assert "11111" not in wrong.value.detail
    target, body = peer.requests[-1]
    assert target == "RespondToAuthChallenge" and body["ChallengeName"] == "EMAIL_OTP"
    assert body["ChallengeResponses"] == {"USERNAME": "dana", "EMAIL_OTP_CODE": "11111"}
    assert body["Session"]


def test_follow_up_sms_and_software_token_codes(verifier_peer):
    verifier, _, auth = verifier_peer(then=[
        FollowUp("SMS_MFA", {"CODE_DELIVERY_DESTINATION": "+*******0100"},
                 {"SMS_MFA_CODE": "135790"}),
        FollowUp("SOFTWARE_TOKEN_MFA", {}, {"SOFTWARE_TOKEN_MFA_CODE": "975310"}),
    ])
    verifier.register("eve", PASSWORD)
    step = sign_in(auth, "eve", PASSWORD)
    assert step.name == "SMS_MFA" and step.required_fields[0].name == "SMS_MFA_CODE"
    step = auth.respond(step, {"SMS_MFA_CODE": "135790"})
    assert step.name == "SOFTWARE_TOKEN_MFA"
    assert isinstance(auth.respond(step, {"SOFTWARE_TOKEN_MFA_CODE": "975310"}), Tokens)
    assert verifier.log[-2:] == ["SMS_MFA accepted", "SOFTWARE_TOKEN_MFA accepted"]


def test_client_math_matches_pycognito():
    """A second, independent client implementation gives the same signature."""
    import hashlib
    import hmac

    from pycognito import aws_srp

    small_a = int.from_bytes(os.urandom(32), "big")
    ours = srp.SrpClient(POOL, small_a=small_a)
    big_b = pow(2, int.from_bytes(os.urandom(32), "big"), srp.N)
    block = base64.b64encode(os.urandom(64)).decode()
    moment = datetime(2026, 3, 1, 7, 8, 9, tzinfo=UTC)
    claim = ours.password_claim(user_id_for_srp="frank", password=PASSWORD, salt_hex="9f3a01",
                                srp_b_hex=f"{big_b:x}", secret_block=block, now=moment)

    theirs = aws_srp.AWSSRP("frank", PASSWORD, POOL, CLIENT, client=object())
    theirs.small_a_value = small_a
    theirs.large_a_value = theirs.calculate_a()
    assert f"{theirs.large_a_value:x}" == ours.srp_a
    key = theirs.get_password_authentication_key("frank", PASSWORD, big_b, "9f3a01")
    message = b"TestPool42frank" + base64.b64decode(block) + claim.timestamp.encode()
    expected = base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()
    assert claim.signature == expected
    assert claim.timestamp == aws_srp.AWSSRP.get_cognito_formatted_timestamp(moment)


@pytest.fixture(scope="module")
def german_locale(tmp_path_factory):
    """de_DE.UTF-8 compiled into a temporary LOCPATH directory (no root, no system change):
    a locale whose day and month names are not English, so the test can fail."""
    require_programs("localedef")
    sources = Path("/usr/share/i18n/locales/de_DE")
    if not sources.exists():
        pytest.skip(f"the locale sources {sources} (Debian package 'locales'; "
                    "scripts/system-deps.sh test installs it)")
    where = tmp_path_factory.mktemp("locales")
    subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", str(where / "de_DE.UTF-8")],
                   check=True, capture_output=True, timeout=120)
    return where


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2026, 11, 3, 9, 5, 7, tzinfo=UTC), "Tue Nov 3 09:05:07 UTC 2026"),
        (datetime(2027, 1, 31, 23, 59, 0, tzinfo=UTC), "Sun Jan 31 23:59:00 UTC 2027"),
    ],
)
def test_timestamp_is_english_whatever_the_locale(moment, text, german_locale, monkeypatch):
    monkeypatch.setenv("LOCPATH", str(german_locale))  # glibc reads it on each setlocale
    previous = locale.setlocale(locale.LC_TIME)
    locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    try:
        assert moment.strftime("%a %b") != text[:7], "the German locale did not take effect"
        assert srp.cognito_timestamp(moment) == text
        assert re.match(TIMESTAMP_RE, srp.cognito_timestamp())
    finally:
        locale.setlocale(locale.LC_TIME, previous)


def test_bad_server_values_are_refused():
    client = srp.SrpClient(POOL)
    with pytest.raises(srp.SrpError):
        client.password_claim(user_id_for_srp="x", password="p", salt_hex="01",
                              srp_b_hex=f"{srp.N:x}", secret_block="AAAA")
    with pytest.raises(srp.SrpError):
        client.password_claim(user_id_for_srp="x", password="p", salt_hex="zz",
                              srp_b_hex="05", secret_block="AAAA")
    with pytest.raises(srp.SrpError):
        srp.SrpClient("no-underscore")
