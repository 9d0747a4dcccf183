"""`profile add`'s hosted-UI options: scopes, callback ports, providers, sign-out URL."""

from __future__ import annotations

import argparse
from typing import Any

from tokenexplorer.cognito import profile_oauth


def add_arguments(add: argparse.ArgumentParser) -> None:
    group = add.add_argument_group("hosted UI (managed login)")
    group.add_argument("--hosted-ui-scopes", metavar="'S S …'",
                       help="OAuth scopes to ask for (default: openid email profile)")
    group.add_argument("--callback-port", type=int, action="append", metavar="N",
                       help="a loopback callback port, registered on the app client as "
                            "http://localhost:N/callback (repeatable; default 53682)")
    group.add_argument("--identity-provider", action="append", metavar="NAME",
                       help="a provider to offer a button for, e.g. Google (repeatable)")
    group.add_argument("--logout-uri", metavar="URL",
                       help="the sign-out URL registered on the app client "
                            "(default http://localhost:PORT/signed-out)")


def fields(options: argparse.Namespace, existing: Any) -> dict[str, Any]:
    """The hosted-UI fields for Profile(...): given ones, else the existing profile's.
    Raises OAuthFieldError with a one-line reason."""
    out: dict[str, Any] = {}
    if options.hosted_ui_scopes is not None:
        out["hosted_ui_scopes"] = profile_oauth.scopes_from(
            profile_oauth.split_words(options.hosted_ui_scopes)) or profile_oauth.DEFAULT_SCOPES
    elif existing is not None:
        out["hosted_ui_scopes"] = existing.hosted_ui_scopes
    if options.callback_port:
        out["callback_ports"] = profile_oauth.ports_from(options.callback_port)
    elif existing is not None:
        out["callback_ports"] = existing.callback_ports
    if options.identity_provider:
        out["identity_providers"] = profile_oauth.providers_from(options.identity_provider)
    elif existing is not None:
        out["identity_providers"] = existing.identity_providers
    logout = options.logout_uri if options.logout_uri is not None else (
        existing.logout_uri if existing is not None else None)
    problem = profile_oauth.logout_uri_problem(logout)
    if problem:
        raise profile_oauth.OAuthFieldError(problem)
    out["logout_uri"] = logout or None
    return out


def summary(profile: Any) -> str:
    """One line for `profile show`."""
    ports = ", ".join(str(p) for p in profile.callback_ports)
    providers = ", ".join(profile.identity_providers) or "none"
    return (f"scopes {' '.join(profile.hosted_ui_scopes)}; callback ports {ports}; "
            f"providers {providers}; sign-out URL {profile.logout_uri or 'default'}")
