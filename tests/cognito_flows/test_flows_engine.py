"""Sign-up, sign-in with challenges, refresh, passwords and sign-out against the engine
(ministack, `AUTH=true`) over HTTP.

The engine checks what Cognito checks: SRP proofs on USER_SRP_AUTH, passwords, SECRET_HASH,
confirmation and reset codes (it mails them: tests read them from its recorded mail), TOTP
codes against the secret it handed out, the password policy, and RevokeToken. It never
issues MFA_SETUP or SMS_MFA challenges, so those steps are checked on the wire shape only.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from cognito_flow_helpers import STRONG_PASSWORD, fresh_totp_code

from tests.engine_world import mailed_code
from tokenexplorer.activity import ActivityLog
from tokenexplorer.cognito.auth import Challenge, ConfirmationNeeded, Tokens
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.password_policy import PasswordPolicy
from tokenexplorer.cognito.session import Session, jwt_claims
from tokenexplorer.cognito.steps import step_from_response


def finish(auth, step):
    """Drive the automatic steps (PASSWORD_VERIFIER) until a question or the tokens."""
    while isinstance(step, Challenge) and step.automatic:
        step = auth.respond(step, {})
    return step


def test_sign_up_confirm_srp_sign_in_refresh_and_sign_out(make_pool, auth_for, engine_endpoint):
    profile = make_pool()
    log = ActivityLog()
    auth = auth_for(profile, activity=log)

    result = auth.sign_up("carol", STRONG_PASSWORD, {"email": "carol@example.com",
                                                     "given_name": "Carol"})
    assert result.user_confirmed is False and result.user_sub
    assert result.delivery is not None and result.delivery.medium == "EMAIL"
    assert result.delivery.attribute == "email"

    # Not confirmed yet: the sign-in says where to go instead of failing.
    step = auth.sign_in("carol", STRONG_PASSWORD)
    assert step == ConfirmationNeeded("carol")

    code = mailed_code(engine_endpoint, "carol@example.com")  # what the user would read
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(CognitoError) as mismatch:
        auth.confirm_sign_up("carol", wrong)
    assert mismatch.value.code == "CodeMismatch" and wrong not in mismatch.value.detail
    assert auth.sign_in("carol", STRONG_PASSWORD) == ConfirmationNeeded("carol")
    auth.confirm_sign_up("carol", code)
    step = auth.sign_in("carol", STRONG_PASSWORD)
    assert isinstance(step, Challenge) and step.name == "PASSWORD_VERIFIER" and step.automatic
    assert "SRP_B" not in step.parameters and "SALT" not in step.parameters
    tokens = finish(auth, step)
    assert isinstance(tokens, Tokens) and tokens.refresh_token and tokens.expires_in == 3600
    assert STRONG_PASSWORD not in repr(tokens) and tokens.id_token not in repr(tokens)

    session = Session(auth, tokens, profile_name=profile.name)
    assert session.username == "carol" == jwt_claims(tokens.id_token)["cognito:username"]
    assert 3590 < session.seconds_left() <= 3600
    first_access = tokens.access_token

    fresh = session.refresh()
    assert fresh.refresh_token == tokens.refresh_token  # Cognito sends none back: kept
    assert fresh.access_token != first_access and session.tokens is fresh

    # RevokeToken ends this session only: no GlobalSignOut, no question to the user.
    outcome = session.sign_out()
    assert outcome.method == "RevokeToken" and "RevokeToken" in outcome.message
    assert session.tokens is None and session.seconds_left() == 0
    with pytest.raises(CognitoError) as refused:
        auth.refresh("carol", tokens.refresh_token)
    assert refused.value.code == "NotAuthorized"

    operations = [entry.operation for entry in log.entries()]
    assert operations[:7] == ["SignUp", "InitiateAuth", "ConfirmSignUp", "InitiateAuth",
                              "ConfirmSignUp", "InitiateAuth", "RespondToAuthChallenge"]
    assert "RevokeToken" in operations and "GlobalSignOut" not in operations
    logged = repr([(e.request, e.response) for e in log.entries()])
    assert STRONG_PASSWORD not in logged and tokens.refresh_token not in logged


def test_wrong_password_fails_over_srp(make_pool, auth_for):
    """The engine checks the SRP proof the app computes: a wrong password gets the same
    PASSWORD_VERIFIER step, and its proof is refused; the right one signs in."""
    profile = make_pool()
    make_pool.confirmed_user(profile, "sam")
    auth = auth_for(profile)
    step = auth.sign_in("sam", "Wrong-Password-1")
    assert isinstance(step, Challenge) and step.name == "PASSWORD_VERIFIER" and step.automatic
    with pytest.raises(CognitoError) as wrong:
        finish(auth, step)
    assert wrong.value.code == "NotAuthorized"
    assert "Wrong-Password-1" not in f"{wrong.value} {wrong.value.detail} {wrong.value!r}"
    assert isinstance(finish(auth, auth.sign_in("sam", STRONG_PASSWORD)), Tokens)


def test_user_password_auth_and_wrong_password(make_pool, auth_for):
    profile = make_pool()
    make_pool.confirmed_user(profile, "dave")
    auth = auth_for(profile)
    step = auth.sign_in("dave", STRONG_PASSWORD, flow="password")
    assert isinstance(step, Tokens)
    assert jwt_claims(step.access_token)["username"] == "dave"

    with pytest.raises(CognitoError) as wrong:
        auth.sign_in("dave", "Wrong-Password-1", flow="password")
    error = wrong.value
    assert error.code == "NotAuthorized" and str(error) == "Incorrect username or password."
    assert error.original_code == "NotAuthorizedException" and not error.retryable
    assert "Wrong-Password-1" not in f"{error} {error.detail} {error!r}"


def test_client_with_secret_uses_secret_hash_everywhere(make_pool, auth_for, engine_endpoint):
    profile = make_pool(secret=True)
    secret = make_pool.secret_of(profile)
    make_pool.confirmed_user(profile, "erin")
    auth = auth_for(profile, client_secret=secret)

    result = auth.sign_up("frank", STRONG_PASSWORD, {"email": "frank@example.com"})
    assert result.user_sub
    auth.confirm_sign_up("frank", mailed_code(engine_endpoint, "frank@example.com"))
    tokens = finish(auth, auth.sign_in("erin", STRONG_PASSWORD))
    assert isinstance(tokens, Tokens)
    session = Session(auth, tokens, profile_name=profile.name)
    assert isinstance(session.refresh(), Tokens)  # SECRET_HASH over cognito:username

    # SECRET_HASH on REFRESH_TOKEN_AUTH is over the username: the wrong one must fail.
    with pytest.raises(CognitoError) as wrong_user:
        auth.refresh("frank", tokens.refresh_token)
    assert wrong_user.value.code == "NotAuthorized"
    assert "SECRET_HASH did not verify" in str(wrong_user.value)
    assert secret not in wrong_user.value.detail

    # Without the secret the same SRP sign-in is refused at InitiateAuth.
    with pytest.raises(CognitoError) as no_secret:
        auth_for(profile).sign_in("erin", STRONG_PASSWORD)
    assert no_secret.value.code == "NotAuthorized"
    # …and with a wrong one too, on every call that carries SECRET_HASH.
    wrong_secret = auth_for(profile, client_secret="not-the-secret")
    for call in (lambda: wrong_secret.sign_in("erin", STRONG_PASSWORD),
                 lambda: wrong_secret.sign_in("erin", STRONG_PASSWORD, flow="password"),
                 lambda: wrong_secret.refresh("erin", tokens.refresh_token)):
        with pytest.raises(CognitoError) as refused:
            call()
        assert refused.value.code == "NotAuthorized", refused.value.detail
        assert "not-the-secret" not in f"{refused.value} {refused.value.detail}"


def test_new_password_required_with_policy(make_pool, auth_for, admin):
    profile = make_pool()
    admin.admin_create_user(UserPoolId=profile.user_pool_id, Username="gina",
                            TemporaryPassword="Temporary-Pass-1", MessageAction="SUPPRESS")
    auth = auth_for(profile)
    # Like AWS, the engine answers DescribeUserPool only with IAM credentials: the app has
    # none for a user pool, so it does without the policy and shows the server's reason.
    assert auth.describe_password_policy() is None

    step = auth.sign_in("gina", "Temporary-Pass-1", flow="password")
    assert isinstance(step, Challenge) and step.name == "NEW_PASSWORD_REQUIRED"
    assert step.required_fields[0].name == "NEW_PASSWORD"
    assert step.required_fields[0].secret and not step.automatic

    with pytest.raises(CognitoError) as missing:
        auth.respond(step, {})
    assert missing.value.code == "MissingAnswer" and "New password" in str(missing.value)

    # The engine does not check the policy on NEW_PASSWORD_REQUIRED (Cognito does), so the
    # weak-password answer is shown on SignUp: with the policy read by someone holding IAM
    # credentials, the message says what the policy wants.
    pool = admin.describe_user_pool(UserPoolId=profile.user_pool_id)["UserPool"]
    auth.password_policy = PasswordPolicy.from_pool(pool)
    assert auth.password_policy is not None and auth.password_policy.minimum_length == 10
    with pytest.raises(CognitoError) as weak:
        auth.sign_up("hugo", "weakpass", {"email": "hugo@example.com"})
    assert weak.value.code == "InvalidPassword"
    assert "at least 10 characters" in str(weak.value) and "weakpass" not in str(weak.value)

    tokens = auth.respond(step, {"NEW_PASSWORD": "Brand-New-Pass-2"})
    assert isinstance(tokens, Tokens)
    assert isinstance(finish(auth, auth.sign_in("gina", "Brand-New-Pass-2")), Tokens)


def test_new_password_required_lists_required_attributes():
    from tokenexplorer.cognito.auth import fields_for

    fields = fields_for("NEW_PASSWORD_REQUIRED",
                        {"requiredAttributes": '["userAttributes.given_name", "custom:team"]',
                         "userAttributes": "{}"})
    assert [f.name for f in fields] == ["NEW_PASSWORD", "userAttributes.given_name",
                                        "userAttributes.custom:team"]
    assert [f.label for f in fields[1:]] == ["Given name", "Team"]


def test_totp_sign_in_checks_the_code(make_pool, auth_for, admin):
    """A user with an authenticator app is asked for its code at sign-in: the engine checks
    it against the secret it enrolled (RFC 6238); a wrong code fails, the right one signs in.
    (The engine never issues MFA_SETUP, so the enrolment is done here, signed in.)"""
    profile = make_pool(mfa="ON")
    make_pool.confirmed_user(profile, "hank")
    auth = auth_for(profile)
    first = auth.sign_in("hank", STRONG_PASSWORD, flow="password")
    assert isinstance(first, Tokens)  # not enrolled yet: the engine lets the user in
    secret, uri = auth.associate_software_token(access_token=first.access_token)
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri
    query = parse_qs(urlsplit(uri).query)
    assert query["secret"] == [secret] and query["issuer"] == [profile.user_pool_id]
    admin.verify_software_token(AccessToken=first.access_token, UserCode=fresh_totp_code(secret))
    admin.set_user_mfa_preference(AccessToken=first.access_token, SoftwareTokenMfaSettings={
        "Enabled": True, "PreferredMfa": True})

    step = finish(auth, auth.sign_in("hank", STRONG_PASSWORD))
    assert isinstance(step, Challenge) and step.name == "SOFTWARE_TOKEN_MFA"
    assert [f.name for f in step.required_fields] == ["SOFTWARE_TOKEN_MFA_CODE"]
    code = fresh_totp_code(secret)
    wrong = f"{(int(code) + 7) % 1_000_000:06d}"
    with pytest.raises(CognitoError) as bad:
        auth.respond(step, {"SOFTWARE_TOKEN_MFA_CODE": wrong})
    assert bad.value.code == "CodeMismatch" and wrong not in bad.value.detail
    step = finish(auth, auth.sign_in("hank", STRONG_PASSWORD))
    assert isinstance(auth.respond(step, {"SOFTWARE_TOKEN_MFA_CODE": code}), Tokens)


def test_sms_mfa_challenge_asks_for_the_code():
    """SMS_MFA as Cognito sends it (RespondToAuthChallenge reference); the engine never
    issues it, so the step is read from the wire shape."""
    step = step_from_response({
        "ChallengeName": "SMS_MFA", "Session": "session-1",
        "ChallengeParameters": {"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS",
                                "CODE_DELIVERY_DESTINATION": "+*******0100",
                                "USER_ID_FOR_SRP": "ivy"},
    }, "ivy")
    assert isinstance(step, Challenge) and step.name == "SMS_MFA" and not step.automatic
    assert [f.name for f in step.required_fields] == ["SMS_MFA_CODE"]


def test_forgot_and_change_password(make_pool, auth_for, engine_endpoint):
    profile = make_pool()
    make_pool.confirmed_user(profile, "jack")
    auth = auth_for(profile)

    delivery = auth.forgot_password("jack")
    assert delivery is not None and delivery.medium == "EMAIL"
    assert delivery.destination and "@" in delivery.destination
    assert "by email" in delivery.describe()
    code = mailed_code(engine_endpoint, "jack@example.com")
    with pytest.raises(CognitoError) as mismatch:  # a wrong reset code changes nothing
        auth.confirm_forgot_password("jack", f"{(int(code) + 1) % 1_000_000:06d}",
                                     "Reset-Password-3")
    assert mismatch.value.code == "CodeMismatch"
    assert isinstance(auth.sign_in("jack", STRONG_PASSWORD, flow="password"), Tokens)
    auth.confirm_forgot_password("jack", code, "Reset-Password-3")
    with pytest.raises(CognitoError):
        auth.sign_in("jack", STRONG_PASSWORD, flow="password")
    tokens = auth.sign_in("jack", "Reset-Password-3", flow="password")
    assert isinstance(tokens, Tokens)

    with pytest.raises(CognitoError) as wrong_old:
        auth.change_password(tokens.access_token, "Not-The-Old-1", "Changed-Pass-4")
    assert wrong_old.value.code == "NotAuthorized"
    assert str(wrong_old.value) == "The current password is not right."
    auth.change_password(tokens.access_token, "Reset-Password-3", "Changed-Pass-4")
    assert isinstance(auth.sign_in("jack", "Changed-Pass-4", flow="password"), Tokens)


@pytest.mark.parametrize(
    ("action", "code", "message_part"),
    [
        ("exists", "UsernameExists", "already exists"),
        ("weak", "InvalidPassword", "length greater than or equal to 10"),
        ("missing_user", "UserNotFound", "no user"),
        ("bad_client", "ResourceNotFound", "app client"),
        ("resend_unknown", "UserNotFound", "no user"),
        ("bad_username_type", "InvalidParameter", "Username"),
    ],
)
def test_error_mapping(make_pool, auth_for, action, code, message_part):
    profile = make_pool()
    make_pool.confirmed_user(profile, "kim")
    auth = auth_for(profile)
    auth.describe_password_policy()
    calls = {
        "exists": lambda: auth.sign_up("kim", STRONG_PASSWORD, {"email": "k@example.com"}),
        "weak": lambda: auth.sign_up("lee", "secretpw", {}),
        "missing_user": lambda: auth.sign_in("nobody", STRONG_PASSWORD, flow="password"),
        "bad_client": lambda: auth_for(
            type(profile)(**{**profile.to_json(), "client_id": "nosuchclient"})
        ).sign_in("kim", STRONG_PASSWORD, flow="password"),
        "resend_unknown": lambda: auth.resend_code("nobody"),
        "bad_username_type": lambda: auth.sign_up(None, STRONG_PASSWORD, {}),
    }
    with pytest.raises(CognitoError) as caught:
        calls[action]()
    error = caught.value
    assert error.code == code, error.detail
    assert message_part.lower() in str(error).lower()
    assert error.original_code
    text = f"{error} {error.detail} {error!r}"
    assert STRONG_PASSWORD not in text and "secretpw" not in text
    assert "<html" not in text.lower()


def test_describe_password_policy_none_when_refused(json_peer, auth_for):
    from tokenexplorer.cognito.profiles import Profile

    peer = json_peer(lambda target, body: (400, {"__type": "MissingAuthenticationTokenException",
                                                  "message": "Missing Authentication Token"}))
    profile = Profile("p", "us-east-1", "us-east-1_abc", "client1", endpoint_url=peer.url)
    auth = auth_for(profile)
    assert auth.describe_password_policy() is None
    assert peer.requests and peer.requests[0][0] == "DescribeUserPool"


def test_sign_out_with_an_expired_access_token_revokes_the_refresh_token(make_pool, auth_for,
                                                                        admin):
    """RevokeToken needs only the refresh token: an expired access token does not matter,
    and the access tokens issued with it stop working too."""
    profile = make_pool()
    make_pool.confirmed_user(profile, "otto")
    auth = auth_for(profile)
    tokens = auth.sign_in("otto", STRONG_PASSWORD, flow="password")
    clock = FakeClock()
    session = Session(auth, tokens, profile_name=profile.name, clock=clock)
    clock.now += 4000  # the access token has expired
    assert session.seconds_left() == 0
    outcome = session.sign_out()
    assert outcome.method == "RevokeToken" and session.tokens is None
    with pytest.raises(CognitoError) as refused:
        auth.refresh("otto", tokens.refresh_token)
    assert refused.value.code == "NotAuthorized"
    with pytest.raises(admin.exceptions.NotAuthorizedException):
        admin.get_user(AccessToken=tokens.access_token)


class FakeClock:
    def __init__(self) -> None:
        import time

        self.now = time.time()

    def __call__(self) -> float:
        return self.now
