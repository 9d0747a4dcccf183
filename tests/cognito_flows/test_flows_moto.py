"""Sign-up, sign-in with challenges, refresh, passwords and sign-out against moto over HTTP.

moto does not check SRP signatures or confirmation codes (test_srp_verifier.py proves SRP),
but it does check passwords on USER_PASSWORD_AUTH, SECRET_HASH on USER_SRP_AUTH and
REFRESH_TOKEN_AUTH, the password policy, and — with MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP
— TOTP codes against its fixed secret.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from cognito_flow_helpers import STRONG_PASSWORD, fresh_totp_code, moto_totp_secret

from tokenexplorer.activity import ActivityLog
from tokenexplorer.cognito.auth import Challenge, ConfirmationNeeded, Tokens
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.session import Session, jwt_claims


def finish(auth, step):
    """Drive the automatic steps (PASSWORD_VERIFIER) until a question or the tokens."""
    while isinstance(step, Challenge) and step.automatic:
        step = auth.respond(step, {})
    return step


def test_sign_up_confirm_srp_sign_in_refresh_and_sign_out(make_pool, auth_for):
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

    auth.confirm_sign_up("carol", "123456")
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

    # moto lacks RevokeToken: GlobalSignOut ends every device's session, so it needs a yes.
    with pytest.raises(CognitoError) as asked:
        session.sign_out()
    assert asked.value.code == "NeedsGlobalSignOut" and "every device" in str(asked.value)
    assert session.tokens is not None  # nothing changed
    outcome = session.sign_out(allow_global=True)
    assert outcome.method == "GlobalSignOut"
    assert "RevokeToken" in outcome.message and "GlobalSignOut" in outcome.message
    assert session.tokens is None and session.seconds_left() == 0
    with pytest.raises(CognitoError) as refused:
        auth.refresh("carol", tokens.refresh_token)
    assert refused.value.code == "NotAuthorized"

    operations = [entry.operation for entry in log.entries()]
    assert operations[:5] == ["SignUp", "InitiateAuth", "ConfirmSignUp", "InitiateAuth",
                              "RespondToAuthChallenge"]
    assert "RevokeToken" in operations and "GlobalSignOut" in operations
    logged = repr([(e.request, e.response) for e in log.entries()])
    assert STRONG_PASSWORD not in logged and tokens.refresh_token not in logged


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


def test_client_with_secret_uses_secret_hash_everywhere(make_pool, auth_for):
    profile = make_pool(secret=True)
    secret = make_pool.secret_of(profile)
    make_pool.confirmed_user(profile, "erin")
    auth = auth_for(profile, client_secret=secret)

    result = auth.sign_up("frank", STRONG_PASSWORD, {"email": "frank@example.com"})
    assert result.user_sub
    auth.confirm_sign_up("frank", "000000")
    tokens = finish(auth, auth.sign_in("erin", STRONG_PASSWORD))
    assert isinstance(tokens, Tokens)
    session = Session(auth, tokens, profile_name=profile.name)
    assert isinstance(session.refresh(), Tokens)  # SECRET_HASH over cognito:username

    # moto checks SECRET_HASH on REFRESH_TOKEN_AUTH: the wrong username must fail.
    with pytest.raises(CognitoError) as wrong_user:
        auth.refresh("frank", tokens.refresh_token)
    assert wrong_user.value.code == "NotAuthorized"
    assert "refresh" in str(wrong_user.value).lower()
    assert secret not in wrong_user.value.detail

    # Without the secret the same SRP sign-in is refused at InitiateAuth.
    with pytest.raises(CognitoError) as no_secret:
        auth_for(profile).sign_in("erin", STRONG_PASSWORD)
    assert no_secret.value.code == "NotAuthorized"
    # …and with a wrong one too.
    with pytest.raises(CognitoError):
        auth_for(profile, client_secret="not-the-secret").sign_in("erin", STRONG_PASSWORD)


def test_new_password_required_with_policy(make_pool, auth_for, admin):
    profile = make_pool()
    admin.admin_create_user(UserPoolId=profile.user_pool_id, Username="gina",
                            TemporaryPassword="Temporary-Pass-1", MessageAction="SUPPRESS")
    auth = auth_for(profile)
    policy = auth.describe_password_policy()
    assert policy is not None and policy.minimum_length == 10 and policy.require_numbers
    assert "at least 10 characters" in policy.describe()
    assert policy.problems("short") and not policy.problems(STRONG_PASSWORD)

    step = auth.sign_in("gina", "Temporary-Pass-1", flow="password")
    assert isinstance(step, Challenge) and step.name == "NEW_PASSWORD_REQUIRED"
    assert step.required_fields[0].name == "NEW_PASSWORD"
    assert step.required_fields[0].secret and not step.automatic

    with pytest.raises(CognitoError) as missing:
        auth.respond(step, {})
    assert missing.value.code == "MissingAnswer" and "New password" in str(missing.value)

    with pytest.raises(CognitoError) as weak:
        auth.respond(step, {"NEW_PASSWORD": "weakpass"})
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


def test_totp_setup_and_sign_in_with_moto_checking_codes(make_pool, auth_for, monkeypatch):
    # moto's get_cognito_idp_user_pool_enable_totp() reads os.environ on every request, and
    # the test server runs in this process: setting the variable here turns checking on.
    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
    profile = make_pool(mfa="ON")
    make_pool.confirmed_user(profile, "hank")
    auth = auth_for(profile)

    step = finish(auth, auth.sign_in("hank", STRONG_PASSWORD))
    assert isinstance(step, Challenge) and step.name == "MFA_SETUP" and not step.automatic
    assert "SOFTWARE_TOKEN_MFA" in step.mfa_can_setup
    with pytest.raises(CognitoError) as early:
        auth.respond(step, {})
    assert early.value.code == "SetupIncomplete"

    secret, uri = auth.associate_software_token(step)
    assert secret == moto_totp_secret()  # what the server handed out, passed on unchanged
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri
    query = parse_qs(urlsplit(uri).query)
    assert query["secret"] == [secret] and query["issuer"] == [profile.user_pool_id]

    good = fresh_totp_code(secret)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    with pytest.raises(CognitoError) as mismatch:
        auth.verify_software_token(step, wrong, "test phone")
    assert mismatch.value.code == "CodeMismatch" and wrong not in mismatch.value.detail

    ready = auth.verify_software_token(step, fresh_totp_code(secret), "test phone")
    assert ready.automatic and ready.setup_verified
    assert isinstance(auth.respond(ready, {}), Tokens)

    # Next sign-in asks for the app's code; a wrong one fails, the right one signs in.
    step = finish(auth, auth.sign_in("hank", STRONG_PASSWORD))
    assert isinstance(step, Challenge) and step.name == "SOFTWARE_TOKEN_MFA"
    assert [f.name for f in step.required_fields] == ["SOFTWARE_TOKEN_MFA_CODE"]
    code = fresh_totp_code(secret)
    with pytest.raises(CognitoError) as bad:
        auth.respond(step, {"SOFTWARE_TOKEN_MFA_CODE": f"{(int(code) + 7) % 1_000_000:06d}"})
    assert bad.value.code == "CodeMismatch"
    assert isinstance(auth.respond(step, {"SOFTWARE_TOKEN_MFA_CODE": code}), Tokens)


def test_sms_mfa_challenge(make_pool, auth_for, admin):
    profile = make_pool()
    make_pool.confirmed_user(profile, "ivy", phone_number="+15555550100")
    admin.admin_set_user_mfa_preference(
        UserPoolId=profile.user_pool_id, Username="ivy",
        SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    auth = auth_for(profile)
    step = auth.sign_in("ivy", STRONG_PASSWORD, flow="password")
    assert isinstance(step, Challenge) and step.name == "SMS_MFA"
    assert [f.name for f in step.required_fields] == ["SMS_MFA_CODE"]
    assert isinstance(auth.respond(step, {"SMS_MFA_CODE": "123456"}), Tokens)


def test_forgot_and_change_password(make_pool, auth_for):
    profile = make_pool()
    make_pool.confirmed_user(profile, "jack")
    auth = auth_for(profile)

    delivery = auth.forgot_password("jack")
    assert delivery is not None and delivery.medium == "EMAIL"
    assert delivery.destination and "@" in delivery.destination
    assert "by email" in delivery.describe()
    auth.confirm_forgot_password("jack", "654321", "Reset-Password-3")
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
        ("weak", "InvalidPassword", "at least 10 characters"),
        ("missing_user", "UserNotFound", "no user"),
        ("bad_client", "ResourceNotFound", "app client"),
        ("resend", "ServerError", "HTTP 500"),
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
        "resend": lambda: auth.resend_code("kim"),  # moto: HTTP 500, not implemented
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


def test_sign_out_with_an_expired_access_token_renews_it_first(make_pool, auth_for):
    """moto lacks RevokeToken; GlobalSignOut needs a live access token: refresh, then sign out."""
    profile = make_pool()
    make_pool.confirmed_user(profile, "otto")
    auth = auth_for(profile)
    tokens = auth.sign_in("otto", STRONG_PASSWORD, flow="password")
    clock = FakeClock()
    session = Session(auth, tokens, profile_name=profile.name, clock=clock)
    clock.now += 4000  # the access token has expired
    assert session.seconds_left() == 0
    outcome = session.sign_out(allow_global=True)
    assert outcome.method == "GlobalSignOut" and session.tokens is None
    with pytest.raises(CognitoError):
        auth.refresh("otto", tokens.refresh_token)

    # Already revoked at the server: nothing to revoke, the local session is simply cleared.
    tokens = auth.sign_in("otto", STRONG_PASSWORD, flow="password")
    session = Session(auth, tokens, profile_name=profile.name, clock=clock)
    auth.global_sign_out(tokens.access_token)
    clock.now += 4000
    outcome = session.sign_out()
    assert outcome.method == "AlreadyInvalid" and session.tokens is None


class FakeClock:
    def __init__(self) -> None:
        import time

        self.now = time.time()

    def __call__(self) -> float:
        return self.now
