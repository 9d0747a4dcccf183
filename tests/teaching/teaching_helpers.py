"""A user pool, a user and an identity pool on the engine, and a recorded SRP sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tokenexplorer.activity import ActivityEntry, ActivityLog
from tokenexplorer.cognito.profiles import Profile

USERNAME = "ada"
PASSWORD = "Teach-Ada-12"
T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def boto(service: str, endpoint: str) -> Any:
    """An admin client with the engine's keys (it checks SigV4 with test/test)."""
    from tokenexplorer.aws.clients import AwsCredentials, make_client

    return make_client(service, region="us-east-1", endpoint_url=endpoint,
                       credentials=AwsCredentials("test", "test"))


def teaching_pool(endpoint: str) -> Profile:
    """A pool allowing SRP and refresh, one confirmed user, an identity pool trusting it."""
    idp = boto("cognito-idp", endpoint)
    pool = idp.create_user_pool(PoolName="lesson")["UserPool"]
    client = idp.create_user_pool_client(
        UserPoolId=pool["Id"], ClientName="app",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
    idp.admin_create_user(UserPoolId=pool["Id"], Username=USERNAME, TemporaryPassword=PASSWORD,
                          MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool["Id"], Username=USERNAME, Password=PASSWORD,
                                Permanent=True)
    identity = boto("cognito-identity", endpoint).create_identity_pool(
        IdentityPoolName="lesson", AllowUnauthenticatedIdentities=True,
        CognitoIdentityProviders=[{
            "ProviderName": f"cognito-idp.us-east-1.amazonaws.com/{pool['Id']}",
            "ClientId": client["ClientId"]}])
    return Profile(name="lesson", region="us-east-1", user_pool_id=pool["Id"],
                   client_id=client["ClientId"], identity_pool_id=identity["IdentityPoolId"],
                   endpoint_url=endpoint)


@dataclass
class Recorded:
    auth: Any  # CognitoAuth
    tokens: Any  # Tokens


def srp_sign_in(profile: Profile, log: ActivityLog) -> Recorded:
    """A real USER_SRP_AUTH sign-in (PASSWORD_VERIFIER answered), recorded into `log`."""
    from tokenexplorer.cognito.auth import Challenge, CognitoAuth, Tokens

    auth = CognitoAuth(profile, activity=log)
    step = auth.sign_in(USERNAME, PASSWORD)  # SRP is the default flow
    while isinstance(step, Challenge) and step.automatic:
        step = auth.respond(step, {})
    assert isinstance(step, Tokens), step
    return Recorded(auth, step)


def entry(service: str, operation: str, outcome: str = "success",
          seconds: int = 0) -> ActivityEntry:
    return ActivityEntry(T0.replace(second=seconds), service, operation,
                         "http://127.0.0.1:4566/", 12.5, outcome)
