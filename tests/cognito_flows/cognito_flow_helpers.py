"""Helpers for the Cognito flow tests (a module with a unique name: every test folder has its
own conftest.py, so tests import from here, never from `conftest`)."""

from __future__ import annotations

from typing import Any

from tests.json_peer import JsonPeer  # noqa: F401  (the flow tests take it from here)
from tokenexplorer.cognito.profiles import Profile

STRONG_PASSWORD = "Correct-Horse-9"
POLICY = {
    "MinimumLength": 10,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": False,
}


class PoolMaker:
    """Creates user pools + app clients on the emulator and returns their Profile."""

    def __init__(self, admin: Any, endpoint: str) -> None:
        self.admin = admin
        self.endpoint = endpoint
        self.secrets: dict[str, str] = {}

    def __call__(self, *, secret: bool = False, mfa: str = "OFF", name: str = "pool",
                 **pool_kwargs: Any) -> Profile:
        extra: dict[str, Any] = {}
        if mfa != "OFF":
            extra["MfaConfiguration"] = mfa
        pool = self.admin.create_user_pool(
            PoolName=name, Policies={"PasswordPolicy": POLICY},
            AutoVerifiedAttributes=["email"],
            AccountRecoverySetting={"RecoveryMechanisms": [
                {"Name": "verified_email", "Priority": 1}]},
            **extra, **pool_kwargs,
        )["UserPool"]
        if mfa != "OFF":
            self.admin.set_user_pool_mfa_config(
                UserPoolId=pool["Id"], SoftwareTokenMfaConfiguration={"Enabled": True},
                MfaConfiguration=mfa,
            )
        client = self.admin.create_user_pool_client(
            UserPoolId=pool["Id"], ClientName="app", GenerateSecret=secret,
            ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                               "ALLOW_REFRESH_TOKEN_AUTH"],
        )["UserPoolClient"]
        profile = Profile(name=f"test-{name}", region="us-east-1", user_pool_id=pool["Id"],
                          client_id=client["ClientId"], endpoint_url=self.endpoint,
                          has_client_secret=secret)
        if secret:
            self.secrets[profile.client_id] = client["ClientSecret"]
        return profile

    def secret_of(self, profile: Profile) -> str:
        return self.secrets[profile.client_id]

    def confirmed_user(self, profile: Profile, username: str = "alice",
                       password: str = STRONG_PASSWORD, **attributes: str) -> str:
        attrs = {"email": f"{username}@example.com", **attributes}
        self.admin.admin_create_user(
            UserPoolId=profile.user_pool_id, Username=username, MessageAction="SUPPRESS",
            TemporaryPassword=password,
            UserAttributes=[{"Name": k, "Value": v} for k, v in attrs.items()],
        )
        self.admin.admin_set_user_password(UserPoolId=profile.user_pool_id, Username=username,
                                           Password=password, Permanent=True)
        return username


def fresh_totp_code(secret: str) -> str:
    """The authenticator's current code, not about to roll over (tests/engine_world)."""
    from tests.engine_world import totp_code

    return totp_code(secret)
