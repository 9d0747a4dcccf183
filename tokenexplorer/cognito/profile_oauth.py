"""The hosted-UI (OAuth) settings of a profile: scopes, callback ports, providers, logout URL.

Kept apart from `profiles` so the file format's list fields are read and checked in one
place: a profile file is untrusted input, so a wrong type is refused, never guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

DEFAULT_SCOPES: tuple[str, ...] = ("openid", "email", "profile")
DEFAULT_PORTS: tuple[int, ...] = (53682,)
MAX_ITEMS = 20
# RFC 6749 scope-token characters; Cognito's custom scopes are "resource-server/name".
_SCOPE_RE = re.compile(r"^[\x21\x23-\x5b\x5d-\x7e]{1,256}\Z", re.ASCII)
# Cognito identity-provider names: letters, digits and a few marks, at most 32 characters.
_PROVIDER_RE = re.compile(r"^[\w .+@-]{1,32}\Z")

TUPLE_FIELDS = ("hosted_ui_scopes", "callback_ports", "identity_providers")


class OAuthFieldError(ValueError):
    """A hosted-UI setting that cannot be used; the message says which and why."""


def scopes_from(values: Iterable[object]) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
    if len(out) > MAX_ITEMS:
        raise OAuthFieldError(f"at most {MAX_ITEMS} scopes")
    for scope in out:
        if not _SCOPE_RE.match(scope):
            raise OAuthFieldError(f"{scope!r} is not an OAuth scope (no spaces or quotes)")
    return out


def ports_from(values: Iterable[object]) -> tuple[int, ...]:
    ports: list[int] = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise OAuthFieldError("a callback port is a number")
        try:
            port = int(value)
        except ValueError:
            raise OAuthFieldError(f"{value!r} is not a port number") from None
        if not 1024 <= port <= 65535:
            raise OAuthFieldError(f"callback port {port} is not between 1024 and 65535")
        if port not in ports:
            ports.append(port)
    if len(ports) > MAX_ITEMS:
        raise OAuthFieldError(f"at most {MAX_ITEMS} callback ports")
    return tuple(ports)


def providers_from(values: Iterable[object]) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
    if len(out) > MAX_ITEMS:
        raise OAuthFieldError(f"at most {MAX_ITEMS} identity providers")
    for name in out:
        if not _PROVIDER_RE.match(name) or name.upper() == "COGNITO":
            raise OAuthFieldError(f"{name!r} is not an identity-provider name (like Google, "
                                  "SignInWithApple or a SAML/OIDC provider's name)")
    return out


def logout_uri_problem(uri: str | None) -> str | None:
    """Why `uri` cannot be a sign-out URL, or None (http only to this machine)."""
    if not uri:
        return None
    parts = urlsplit(uri)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname in ("localhost", "127.0.0.1", "::1"):
        return None
    return "the sign-out URL is an https URL (plain http only to localhost)"


def read_field(name: str, value: Any) -> tuple[Any, ...]:
    """A list field of the profile file as a tuple; OAuthFieldError when it is no list."""
    if not isinstance(value, list | tuple):
        raise OAuthFieldError(f"{name} is not a list")
    if name == "callback_ports":
        return ports_from(value)
    if name == "hosted_ui_scopes":
        return scopes_from(value)
    return providers_from(value)


def split_words(text: str) -> list[str]:
    """'openid, email profile' → ['openid', 'email', 'profile'] (for forms and the CLI)."""
    return [word for word in re.split(r"[\s,]+", text) if word]
