"""Set up a hosted-UI pool on the engine, and play the browser against its hosted UI."""

from __future__ import annotations

import html.parser
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from tokenexplorer.cognito.profiles import Profile

USERNAME = "hosted-user"
PASSWORD = "Hosted-Passw0rd!"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class HostedPool:
    endpoint: str
    pool_id: str
    client_id: str
    port: int
    m2m_client_id: str = ""
    m2m_secret: str = ""

    def profile(self, **changes: Any) -> Profile:
        values: dict[str, Any] = {
            "name": "Hosted", "region": "us-east-1", "user_pool_id": self.pool_id,
            "client_id": self.client_id, "endpoint_url": self.endpoint,
            "hosted_ui_domain": self.endpoint, "callback_ports": (self.port,),
        }
        values.update(changes)
        return Profile(**values)

    def m2m_profile(self) -> Profile:
        return self.profile(name="M2M", client_id=self.m2m_client_id, has_client_secret=True)


def make_hosted_pool(admin: Any, endpoint: str, *, ports: tuple[int, ...] = ()) -> HostedPool:
    """A pool with a domain, a public code-flow client, a user, and an M2M client."""
    port = ports[0] if ports else free_port()
    pool_id = admin.create_user_pool(PoolName="hosted")["UserPool"]["Id"]
    admin.create_user_pool_domain(Domain=f"hosted-{port}", UserPoolId=pool_id)
    callbacks = [f"http://localhost:{p}/callback" for p in (ports or (port,))]
    client = admin.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid", "email", "profile"], AllowedOAuthFlowsUserPoolClient=True,
        CallbackURLs=callbacks, LogoutURLs=[f"http://localhost:{port}/signed-out"],
        SupportedIdentityProviders=["COGNITO"],
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    admin.admin_create_user(UserPoolId=pool_id, Username=USERNAME, MessageAction="SUPPRESS",
                            UserAttributes=[{"Name": "email", "Value": "hosted@example.com"},
                                            {"Name": "email_verified", "Value": "true"}])
    admin.admin_set_user_password(UserPoolId=pool_id, Username=USERNAME, Password=PASSWORD,
                                  Permanent=True)
    admin.create_resource_server(UserPoolId=pool_id, Identifier="sandbox-api", Name="api",
                                 Scopes=[{"ScopeName": "read", "ScopeDescription": "read"},
                                         {"ScopeName": "write", "ScopeDescription": "write"}])
    m2m = admin.create_user_pool_client(
        UserPoolId=pool_id, ClientName="m2m", GenerateSecret=True,
        AllowedOAuthFlows=["client_credentials"], AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthScopes=["sandbox-api/read", "sandbox-api/write"],
    )["UserPoolClient"]
    return HostedPool(endpoint, pool_id, client["ClientId"], port, m2m["ClientId"],
                      m2m["ClientSecret"])


class _Form(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.action = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form":
            self.action = named.get("action") or ""
        if tag == "input" and named.get("type") == "hidden" and named.get("name"):
            self.fields[str(named["name"])] = named.get("value") or ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_: Any, **__: Any) -> None:
        return None


def _open(request: urllib.request.Request | str) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(_NoRedirect())
    try:
        with opener.open(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def browser_sign_in(authorize_url: str, username: str = USERNAME,
                    password: str = PASSWORD) -> str:
    """GET the authorize page, submit its form; the Location it redirects to."""
    status, _, body = _open(authorize_url)
    assert status == 200, body[:300]
    form = _Form()
    form.feed(body.decode("utf-8"))
    base = urlsplit(authorize_url)
    fields = {**form.fields, "username": username, "password": password}
    post = urllib.request.Request(f"{base.scheme}://{base.netloc}{form.action}",
                                  data=urlencode(fields).encode(), method="POST")
    status, headers, body = _open(post)
    assert status == 302, body[:300]
    return headers["Location"]


def follow(url: str) -> tuple[int, str]:
    """The browser following the redirect to the app's loopback listener."""
    status, _, body = _open(url)
    return status, body.decode("utf-8", "replace")


def port_is_free(port: int) -> bool:
    """Nothing listens on 127.0.0.1:port (connections in TIME_WAIT do not count)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen()
        except OSError:
            return False
    return True
