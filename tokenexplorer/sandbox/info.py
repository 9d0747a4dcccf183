"""What a seeded sandbox holds (IDs, demo user, hosted UI, M2M client) and its profiles."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from tokenexplorer.cognito.profiles import Profile
from tokenexplorer.explained import ExplainedError
from tokenexplorer.sandbox.policies import SANDBOX_BUCKET

SANDBOX_PROFILE_NAME = "Sandbox"
M2M_PROFILE_NAME = "Sandbox M2M"
SANDBOX_REGION = "us-east-1"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "Sandbox-Demo-1"  # fits the seeded password policy; printed on purpose
DEMO_ATTRIBUTES = {
    "email": "demo@example.com",
    "email_verified": "true",
    "given_name": "Demo",
    "family_name": "User",
}
POOL_NAME = "tokenexplorer-sandbox"
BUCKET_NAME = SANDBOX_BUCKET
IDENTITY_POOL_NAME = "tokenexplorer_sandbox"
HOSTED_UI_CLIENT_NAME = "tokenexplorer-sandbox-hosted-ui"
M2M_CLIENT_NAME = "tokenexplorer-sandbox-m2m"
HOSTED_UI_DOMAIN_PREFIX = "tokenexplorer-sandbox"
HOSTED_UI_CALLBACK_PORTS = (53682, 53683, 53684)
HOSTED_UI_CALLBACK_URLS = tuple(f"http://localhost:{port}/callback"
                                for port in HOSTED_UI_CALLBACK_PORTS)
HOSTED_UI_LOGOUT_URL = f"http://localhost:{HOSTED_UI_CALLBACK_PORTS[0]}/signed-out"
HOSTED_UI_SCOPES = ("openid", "email", "profile")
RESOURCE_SERVER_ID = "sandbox-api"
RESOURCE_SERVER_SCOPES = ("read", "write")
M2M_SCOPES = tuple(f"{RESOURCE_SERVER_ID}/{scope}" for scope in RESOURCE_SERVER_SCOPES)


class SandboxError(ExplainedError, RuntimeError):
    """The sandbox could not be started, seeded or reset; the message says why."""

    def __init__(self, message: str, code: str = "Sandbox") -> None:
        super().__init__(code, message)


@dataclass(frozen=True)
class SandboxInfo:
    endpoint_url: str
    region: str
    user_pool_id: str
    client_id: str
    identity_pool_id: str
    bucket: str
    username: str
    password: str
    hosted_ui_client_id: str = ""
    m2m_client_id: str = ""
    m2m_client_secret: str = field(default="", repr=False)  # keyring only, never printed
    data_dir: str | None = None

    @property
    def hosted_ui_url(self) -> str:
        """Where the hosted UI's endpoints (/oauth2/authorize, /login, /oauth2/token,
        /logout) are served: the engine itself."""
        return self.endpoint_url

    def profile(self) -> Profile:
        return Profile(
            name=SANDBOX_PROFILE_NAME,
            region=self.region,
            user_pool_id=self.user_pool_id,
            client_id=self.client_id,
            identity_pool_id=self.identity_pool_id,
            bucket=self.bucket,
            endpoint_url=self.endpoint_url,
            is_sandbox=True,
            hosted_ui_domain=self.endpoint_url,  # the engine serves its hosted UI itself
            hosted_ui_scopes=HOSTED_UI_SCOPES,
            callback_ports=HOSTED_UI_CALLBACK_PORTS,
            logout_uri=HOSTED_UI_LOGOUT_URL,
        )

    def m2m_profile(self) -> Profile:
        """The confidential client's profile; its secret goes to the keyring separately."""
        return Profile(
            name=M2M_PROFILE_NAME,
            region=self.region,
            user_pool_id=self.user_pool_id,
            client_id=self.m2m_client_id,
            endpoint_url=self.endpoint_url,
            has_client_secret=True,
            is_sandbox=True,
        )

    @classmethod
    def from_json(cls, line: dict[str, str | None]) -> SandboxInfo:
        """The inverse of as_json (the M2M secret is not in it: it stays empty)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in line.items() if k in names and v is not None})

    def as_json(self) -> dict[str, str | None]:
        """The `tokenexplorer sandbox --json` line: no secret except the demo password."""
        return {
            "profile": SANDBOX_PROFILE_NAME,
            "endpoint_url": self.endpoint_url,
            "region": self.region,
            "user_pool_id": self.user_pool_id,
            "client_id": self.client_id,
            "identity_pool_id": self.identity_pool_id,
            "bucket": self.bucket,
            "username": self.username,
            "password": self.password,
            "hosted_ui_url": self.hosted_ui_url,
            "hosted_ui_client_id": self.hosted_ui_client_id,
            "m2m_client_id": self.m2m_client_id,
            "data_dir": self.data_dir,
        }
