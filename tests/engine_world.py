"""Set-up the tests do on the engine (ministack, `AUTH=true`) with its admin keys.

ministack checks SigV4 and enforces IAM: admin set-up signs with its root keys `test`/`test`,
and identity-pool credentials can do only what their role's policy allows. The tests' world
(a pool, a user, an identity pool with roles, a bucket) is made here, not by the app's
sandbox seeding, so these tests do not depend on what the sandbox ships.
"""

from __future__ import annotations

import functools
import json
import mimetypes
import re
import time
import urllib.request
from dataclasses import dataclass
from typing import Any

from tokenexplorer.cognito.profiles import Profile

ADMIN_KEY = "test"  # ministack's root caller under AUTH=true (iam_evaluator.is_root_access_key)
REGION = "us-east-1"
USERNAME = "demo"
PASSWORD = "Sandbox-Demo-1"
BUCKET = "tokenexplorer-sandbox"
ATTRIBUTES = {"email": "demo@example.com", "email_verified": "true",
              "given_name": "Demo", "family_name": "User"}
# What an S3 test's credentials may do when the test is not about IAM: all of S3.
ALL_OF_S3 = [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]


@functools.lru_cache(maxsize=32)
def admin(service: str, endpoint: str) -> Any:
    """A boto3 client with the engine's admin keys, no retries (cached: clients are slow)."""
    import boto3
    from botocore.config import Config

    make: Any = boto3.session.Session().client  # the stubs' overloads want a literal name
    return make(
        service, endpoint_url=endpoint, region_name=REGION,
        aws_access_key_id=ADMIN_KEY, aws_secret_access_key=ADMIN_KEY,
        # proxies={}: never through a test's HTTP_PROXY (tests/aws' fault proxy)
        config=Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"},
                      proxies={}),
    )


def reset(endpoint: str) -> None:
    """Clear all of the engine's state (its public admin endpoint)."""
    request = urllib.request.Request(f"{endpoint}/_ministack/reset", method="POST")
    with urllib.request.urlopen(request, timeout=10):
        pass


def sent_messages(endpoint: str) -> list[dict[str, Any]]:
    """The mail the engine recorded as sent, oldest first (Cognito's codes go through its
    SES; `GET /_ministack/ses/messages` answers {"messages": {account: [message, ...]}})."""
    with urllib.request.urlopen(f"{endpoint}/_ministack/ses/messages", timeout=10) as answer:
        by_account = json.load(answer)["messages"]
    messages = [m for account in by_account.values() for m in account]
    return sorted(messages, key=lambda m: m["Timestamp"])


def mailed_code(endpoint: str, to: str) -> str:
    """The code in the newest message the engine mailed to `to` (what a user would type)."""
    mails = [m for m in sent_messages(endpoint) if to in m["To"]]
    assert mails, f"no mail was sent to {to}"
    found = re.findall(r"\b\d{6}\b", f"{mails[-1]['Subject']} {mails[-1]['BodyText']}")
    assert found, f"no code in the mail to {to}: {mails[-1]}"
    return str(found[-1])


def totp_code(secret: str) -> str:
    """The authenticator app's current code, not about to roll over (a code is checked
    against its 30 s window and the engine's neighbours; waiting out the last 3 s of a
    window keeps a code typed now valid when it arrives)."""
    import pyotp

    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.2)
    return str(pyotp.TOTP(secret).now())


def enrol_totp(endpoint: str, client_id: str, username: str, password: str) -> str:
    """Set up an authenticator app for a user, as the user would once signed in
    (AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference); returns the secret."""
    idp = admin("cognito-idp", endpoint)
    access = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": username, "PASSWORD": password},
                               )["AuthenticationResult"]["AccessToken"]
    secret = str(idp.associate_software_token(AccessToken=access)["SecretCode"])
    idp.verify_software_token(AccessToken=access, UserCode=totp_code(secret))
    idp.set_user_mfa_preference(AccessToken=access, SoftwareTokenMfaSettings={
        "Enabled": True, "PreferredMfa": True})
    return secret


def _trust(pool_id: str, kind: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": pool_id},
                      "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": kind}},
    }]})


def give_roles(endpoint: str, identity_pool_id: str, *,
               guest: list[dict[str, Any]] | None = None,
               authenticated: list[dict[str, Any]] | None = None) -> dict[str, str]:
    """Create the identity pool's guest and signed-in roles with these policy statements
    and attach them to the pool (SetIdentityPoolRoles). Returns {kind: role ARN}."""
    iam = admin("iam", endpoint)
    roles: dict[str, str] = {}
    for kind, statements in (("unauthenticated", guest), ("authenticated", authenticated)):
        if statements is None:
            continue
        name = f"{identity_pool_id.split(':')[-1][:20]}-{kind}"
        arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=_trust(
            identity_pool_id, kind))["Role"]["Arn"]
        iam.put_role_policy(RoleName=name, PolicyName="access", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": statements}))
        roles[kind] = arn
    admin("cognito-identity", endpoint).set_identity_pool_roles(
        IdentityPoolId=identity_pool_id, Roles=roles)
    return roles


@dataclass(frozen=True)
class World:
    """What `make_world` made: a pool with a client and a confirmed user, an identity pool
    linked to it (guests allowed), and a bucket holding the app's sample files."""

    endpoint_url: str
    region: str
    user_pool_id: str
    client_id: str
    identity_pool_id: str
    bucket: str
    username: str
    password: str

    def profile(self) -> Profile:
        return Profile(name="Sandbox", region=self.region, user_pool_id=self.user_pool_id,
                       client_id=self.client_id, identity_pool_id=self.identity_pool_id,
                       bucket=self.bucket, endpoint_url=self.endpoint_url, is_sandbox=True)


def _user_pool(idp: Any) -> tuple[str, str]:
    pool_id = idp.create_user_pool(
        PoolName="tests", AutoVerifiedAttributes=["email"], MfaConfiguration="OFF",
        UsernameConfiguration={"CaseSensitive": False},
        Policies={"PasswordPolicy": {"MinimumLength": 8, "RequireUppercase": True,
                                     "RequireLowercase": True, "RequireNumbers": True,
                                     "RequireSymbols": False}},
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="tests", GenerateSecret=False,
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                           "ALLOW_REFRESH_TOKEN_AUTH"],
        EnableTokenRevocation=True,
    )["UserPoolClient"]["ClientId"]
    add_user(idp, pool_id, USERNAME, PASSWORD, **ATTRIBUTES)
    return pool_id, client_id


def _sample_objects() -> list[tuple[str, bytes]]:
    """(key, body) of the app's sample files (resources/sandbox/objects): the bucket's layout
    the S3 tests list, preview and download."""
    from tokenexplorer.resources import resource_path

    root = resource_path("sandbox", "objects")
    return sorted((path.relative_to(root).as_posix(), path.read_bytes())
                  for path in root.rglob("*") if path.is_file())


def add_user(idp: Any, pool_id: str, username: str, password: str, **attributes: str) -> None:
    """A confirmed user with a permanent password."""
    idp.admin_create_user(UserPoolId=pool_id, Username=username, TemporaryPassword=password,
                          MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()])
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=password,
                                Permanent=True)


def make_world(endpoint: str, *, guest: list[dict[str, Any]] | None = ALL_OF_S3,
               authenticated: list[dict[str, Any]] | None = ALL_OF_S3) -> World:
    """The tests' pool, user, identity pool (roles with these statements) and bucket."""
    endpoint = endpoint.rstrip("/")
    pool_id, client_id = _user_pool(admin("cognito-idp", endpoint))
    identity_pool_id = admin("cognito-identity", endpoint).create_identity_pool(
        IdentityPoolName="tests", AllowUnauthenticatedIdentities=True,
        CognitoIdentityProviders=[{
            "ProviderName": f"cognito-idp.{REGION}.amazonaws.com/{pool_id}",
            "ClientId": client_id, "ServerSideTokenCheck": False}],
    )["IdentityPoolId"]
    give_roles(endpoint, identity_pool_id, guest=guest, authenticated=authenticated)
    s3 = admin("s3", endpoint)
    s3.create_bucket(Bucket=BUCKET)
    for key, body in _sample_objects():
        s3.put_object(Bucket=BUCKET, Key=key, Body=body,
                      ContentType=mimetypes.guess_type(key)[0] or "application/octet-stream")
    return World(endpoint, REGION, pool_id, client_id, identity_pool_id, BUCKET,
                 USERNAME, PASSWORD)
