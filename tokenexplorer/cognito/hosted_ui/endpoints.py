"""Where a profile's hosted UI lives, and the URLs built from it.

`hosted_ui_domain` is a Cognito prefix domain (`x.auth.REGION.amazoncognito.com`), a custom
domain (both served over https), or an emulator's full base URL (`http://127.0.0.1:PORT`,
plain http only to this machine). Without one, a loopback emulator's endpoint serves it.
The callback URL is always `http://localhost:PORT/callback`: the host name Cognito has
registered, while the listener binds 127.0.0.1 only (RFC 8252 §7.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from tokenexplorer.cognito.hosted_ui.errors import BAD_DOMAIN, NO_DOMAIN, HostedUIError, quoted
from tokenexplorer.cognito.transport_policy import is_loopback_host

if TYPE_CHECKING:
    from tokenexplorer.cognito.profiles import Profile

CALLBACK_PATH = "/callback"


def callback_url(port: int) -> str:
    return f"http://localhost:{port}{CALLBACK_PATH}"


def _base_of(domain: str) -> str:
    text = domain.strip().rstrip("/")
    if "://" not in text:
        text = f"https://{text}"
    parts = urlsplit(text)
    if parts.scheme == "http" and is_loopback_host(parts.hostname):
        return f"http://{parts.netloc}"
    if parts.scheme != "https" or not parts.hostname or parts.path or parts.query:
        raise HostedUIError(
            BAD_DOMAIN, f"The hosted-UI domain {quoted(domain, 80)!r} is not a domain name "
            "(like myapp.auth.eu-west-1.amazoncognito.com or auth.example.com).",
            hint="Plain http is allowed only for an emulator on this machine.")
    return f"https://{parts.netloc}"


@dataclass(frozen=True)
class Endpoints:
    base: str  # scheme://host[:port], no trailing slash
    discovery: str  # the pool's openid-configuration document

    @property
    def host(self) -> str:
        return urlsplit(self.base).netloc

    @property
    def authorize(self) -> str:
        return f"{self.base}/oauth2/authorize"

    @property
    def token(self) -> str:
        return f"{self.base}/oauth2/token"

    @property
    def userinfo(self) -> str:
        return f"{self.base}/oauth2/userInfo"

    @property
    def revoke(self) -> str:
        return f"{self.base}/oauth2/revoke"

    def logout(self, client_id: str, logout_uri: str) -> str:
        return f"{self.base}/logout?" + urlencode({"client_id": client_id,
                                                   "logout_uri": logout_uri})


def endpoints_for(profile: Profile) -> Endpoints:
    """The profile's hosted-UI endpoints; HostedUIError(NoHostedUIDomain) when it has none."""
    endpoint = (profile.endpoint_url or "").rstrip("/")
    if endpoint:
        discovery = f"{endpoint}/{profile.user_pool_id}/.well-known/openid-configuration"
    else:
        discovery = f"{profile.issuer}/.well-known/openid-configuration"
    if profile.hosted_ui_domain:
        return Endpoints(_base_of(profile.hosted_ui_domain), discovery)
    if endpoint and is_loopback_host(urlsplit(endpoint).hostname):
        return Endpoints(_base_of(endpoint), discovery)
    raise HostedUIError(
        NO_DOMAIN, f"Profile {profile.name!r} has no hosted-UI domain.",
        hint="Set it to the user pool's domain (Cognito console: App integration → Domain), "
             "e.g. 'tokenexplorer profile add --name … --replace --hosted-ui-domain "
             "myapp.auth.eu-west-1.amazoncognito.com'.")


def default_logout_uri(profile: Profile, port: int) -> str:
    """Where the browser goes after /logout: the profile's, else the loopback page."""
    return profile.logout_uri or f"http://localhost:{port}/signed-out"
