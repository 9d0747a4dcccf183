"""Seed the sandbox's user pool, idempotently: find each part by name, create what is missing.

A restarted engine reloads its saved state; seeding again then finds the pool, its clients,
domain, resource server and demo user as they were (same IDs), and creates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tokenexplorer.sandbox.info import (
    DEMO_ATTRIBUTES,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    HOSTED_UI_CALLBACK_URLS,
    HOSTED_UI_CLIENT_NAME,
    HOSTED_UI_DOMAIN_PREFIX,
    HOSTED_UI_LOGOUT_URL,
    HOSTED_UI_SCOPES,
    M2M_CLIENT_NAME,
    M2M_SCOPES,
    POOL_NAME,
    RESOURCE_SERVER_ID,
    RESOURCE_SERVER_SCOPES,
)

READABLE = ["email", "email_verified", "given_name", "family_name", "name", "phone_number"]
WRITABLE = ["email", "given_name", "family_name", "name", "phone_number"]
PASSWORD_POLICY = {
    "MinimumLength": 8,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": False,
    "TemporaryPasswordValidityDays": 7,
}


@dataclass(frozen=True)
class PoolSeed:
    pool_id: str
    client_id: str
    hosted_ui_client_id: str
    m2m_client_id: str
    m2m_client_secret: str


def _find_pool(idp: Any) -> str | None:
    for page in idp.get_paginator("list_user_pools").paginate(MaxResults=60):
        for pool in page.get("UserPools", []):
            if pool.get("Name") == POOL_NAME:
                return str(pool["Id"])
    return None


def _create_pool(idp: Any) -> str:
    pool = idp.create_user_pool(
        PoolName=POOL_NAME,
        Policies={"PasswordPolicy": PASSWORD_POLICY},
        AutoVerifiedAttributes=["email"],
        UsernameConfiguration={"CaseSensitive": False},
        Schema=[{"Name": "email", "AttributeDataType": "String", "Mutable": True,
                 "Required": True}],
        VerificationMessageTemplate={
            "DefaultEmailOption": "CONFIRM_WITH_CODE",
            "EmailSubject": "Your Token Explorer sandbox code",
            "EmailMessage": "Your verification code is {####}.",
        },
        MfaConfiguration="OFF",
    )["UserPool"]
    pool_id = str(pool["Id"])
    idp.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="OPTIONAL",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    return pool_id


def _clients_by_name(idp: Any, pool_id: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for page in idp.get_paginator("list_user_pool_clients").paginate(UserPoolId=pool_id,
                                                                      MaxResults=60):
        for client in page.get("UserPoolClients", []):
            found.setdefault(str(client["ClientName"]), str(client["ClientId"]))
    return found


def _code_flow_client(idp: Any, pool_id: str, name: str, flows: list[str]) -> str:
    """A public client that also runs the hosted UI's code flow (PKCE) on the loopback
    callbacks; `flows` are its API sign-in flows."""
    return str(idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=name,
        GenerateSecret=False,
        ExplicitAuthFlows=flows,
        SupportedIdentityProviders=["COGNITO"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=list(HOSTED_UI_SCOPES),
        CallbackURLs=list(HOSTED_UI_CALLBACK_URLS),
        DefaultRedirectURI=HOSTED_UI_CALLBACK_URLS[0],
        LogoutURLs=[HOSTED_UI_LOGOUT_URL],
        ReadAttributes=READABLE,
        WriteAttributes=WRITABLE,
        EnableTokenRevocation=True,
    )["UserPoolClient"]["ClientId"])


def _srp_client(idp: Any, pool_id: str) -> str:
    """The Sandbox profile's client: SRP and password sign-in, and the hosted UI's code flow
    (so `signin --profile Sandbox --hosted-ui` works with the same profile)."""
    return _code_flow_client(idp, pool_id, POOL_NAME, [
        "ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])


def _hosted_ui_client(idp: Any, pool_id: str) -> str:
    """A public client for the hosted UI only: code flow (PKCE), loopback callbacks only."""
    return _code_flow_client(idp, pool_id, HOSTED_UI_CLIENT_NAME,
                             ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])


def _m2m_client(idp: Any, pool_id: str) -> str:
    """A confidential client for machine-to-machine tokens (client_credentials)."""
    return str(idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=M2M_CLIENT_NAME,
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_REFRESH_TOKEN_AUTH"],
        SupportedIdentityProviders=["COGNITO"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=list(M2M_SCOPES),
        EnableTokenRevocation=True,
    )["UserPoolClient"]["ClientId"])


def _ensure_domain(idp: Any, pool_id: str) -> None:
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    if not pool.get("Domain"):
        idp.create_user_pool_domain(UserPoolId=pool_id, Domain=HOSTED_UI_DOMAIN_PREFIX)


def _ensure_resource_server(idp: Any, pool_id: str) -> None:
    try:
        idp.describe_resource_server(UserPoolId=pool_id, Identifier=RESOURCE_SERVER_ID)
    except idp.exceptions.ResourceNotFoundException:
        idp.create_resource_server(
            UserPoolId=pool_id, Identifier=RESOURCE_SERVER_ID, Name="Sandbox API",
            Scopes=[{"ScopeName": scope, "ScopeDescription": f"{scope} the sandbox API"}
                    for scope in RESOURCE_SERVER_SCOPES])


def _ensure_demo_user(idp: Any, pool_id: str) -> None:
    try:
        idp.admin_get_user(UserPoolId=pool_id, Username=DEMO_USERNAME)
        return  # kept as the learner left it (changed password, MFA, attributes)
    except idp.exceptions.UserNotFoundException:
        pass
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username=DEMO_USERNAME,
        TemporaryPassword=DEMO_PASSWORD,
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": k, "Value": v} for k, v in DEMO_ATTRIBUTES.items()],
    )
    idp.admin_set_user_password(UserPoolId=pool_id, Username=DEMO_USERNAME,
                                Password=DEMO_PASSWORD, Permanent=True)


def seed_user_pool(idp: Any) -> PoolSeed:
    """The pool and everything in it, found or created."""
    pool_id = _find_pool(idp) or _create_pool(idp)
    _ensure_resource_server(idp, pool_id)  # before the M2M client that names its scopes
    clients = _clients_by_name(idp, pool_id)
    makers = {POOL_NAME: _srp_client, HOSTED_UI_CLIENT_NAME: _hosted_ui_client,
              M2M_CLIENT_NAME: _m2m_client}
    for name, make in makers.items():
        if name not in clients:
            clients[name] = make(idp, pool_id)
    _ensure_domain(idp, pool_id)
    _ensure_demo_user(idp, pool_id)
    m2m = idp.describe_user_pool_client(UserPoolId=pool_id,
                                        ClientId=clients[M2M_CLIENT_NAME])["UserPoolClient"]
    return PoolSeed(pool_id=pool_id, client_id=clients[POOL_NAME],
                    hosted_ui_client_id=clients[HOSTED_UI_CLIENT_NAME],
                    m2m_client_id=clients[M2M_CLIENT_NAME],
                    m2m_client_secret=str(m2m.get("ClientSecret", "")))
