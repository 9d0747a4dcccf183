"""The profile editor's four hosted-UI settings as the user types them, without Qt.

Scopes and identity providers are words separated by spaces, callback ports by commas or
spaces; an empty scopes or ports field means the defaults (what a profile without them gets).
The rules are `profile_oauth`'s, the same the CLI and the profile file use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from tokenexplorer.cognito import profile_oauth
from tokenexplorer.cognito.profile_oauth import OAuthFieldError, split_words
from tokenexplorer.cognito.profiles import Profile


class OAuthField(Enum):
    SCOPES = "hosted_ui_scopes"
    PORTS = "callback_ports"
    PROVIDERS = "identity_providers"
    LOGOUT_URI = "logout_uri"


# A repr()'d word at the start of profile_oauth's reason: 'abc' or "it's".
_REPR_RE = re.compile(r"""^(?:'([^']*)'|"([^"]*)")""")


def _plain(message: str) -> str:
    """profile_oauth's lower-case reason as a sentence, typed words in quotes, not Python's."""
    message = _REPR_RE.sub(lambda m: f"“{m[1] if m[1] is not None else m[2]}”", message)
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


@dataclass(frozen=True)
class OAuthOptions:
    """The hosted-UI scopes, callback ports, identity providers and logout URL, as text."""

    scopes: str = " ".join(profile_oauth.DEFAULT_SCOPES)
    ports: str = ", ".join(str(port) for port in profile_oauth.DEFAULT_PORTS)
    providers: str = ""
    logout_uri: str = ""

    @classmethod
    def of(cls, profile: Profile | None) -> OAuthOptions:
        if profile is None:
            return cls()
        return cls(" ".join(profile.hosted_ui_scopes),
                   ", ".join(str(port) for port in profile.callback_ports),
                   " ".join(profile.identity_providers),
                   profile.logout_uri or "")

    def text(self, field: OAuthField) -> str:
        return {OAuthField.SCOPES: self.scopes, OAuthField.PORTS: self.ports,
                OAuthField.PROVIDERS: self.providers,
                OAuthField.LOGOUT_URI: self.logout_uri}[field]

    def _parsers(self) -> dict[OAuthField, Callable[[], Any]]:
        def scopes() -> tuple[str, ...]:
            return profile_oauth.scopes_from(split_words(self.scopes)) or \
                profile_oauth.DEFAULT_SCOPES

        def ports() -> tuple[int, ...]:
            return profile_oauth.ports_from(split_words(self.ports)) or \
                profile_oauth.DEFAULT_PORTS

        def logout() -> str | None:
            uri = self.logout_uri.strip()
            problem = profile_oauth.logout_uri_problem(uri)
            if problem:
                raise OAuthFieldError(problem)
            return uri or None

        return {OAuthField.SCOPES: scopes, OAuthField.PORTS: ports,
                OAuthField.PROVIDERS: lambda: profile_oauth.providers_from(
                    split_words(self.providers)),
                OAuthField.LOGOUT_URI: logout}

    def problems(self) -> dict[OAuthField, str]:
        """Each field that cannot be saved, with a plain reason."""
        out: dict[OAuthField, str] = {}
        for field, parse in self._parsers().items():
            try:
                parse()
            except OAuthFieldError as exc:
                out[field] = _plain(str(exc))
        return out

    def values(self) -> dict[str, Any] | None:
        """The Profile fields these texts save as, or None while any of them has a problem."""
        try:
            return {field.value: parse() for field, parse in self._parsers().items()}
        except OAuthFieldError:
            return None

    def same_as(self, other: OAuthOptions) -> bool:
        """Equal in what a save would write ("openid,email" is "openid email")."""
        mine, theirs = self.values(), other.values()
        if mine is None or theirs is None:
            return self == other
        return mine == theirs
