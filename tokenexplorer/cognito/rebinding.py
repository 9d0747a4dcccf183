"""Editing a profile's endpoint, region, pool or client: what it orphans, and forgetting it.

Remembered secrets are bound to their target (`binding`), so after such an edit they can
never be sent anywhere; but they would linger unusable and surprise the user. Every editor
therefore asks first (the window) or refuses with an explanation (the CLI, unless
`--forget-secrets`), and on confirmation calls `forget_secrets`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tokenexplorer import keyring_store
from tokenexplorer.cognito import binding

if TYPE_CHECKING:
    from tokenexplorer.cognito.profiles import Profile

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rebinding:
    """What changing `profile_name` from one target to another leaves behind."""

    profile_name: str
    changed: tuple[str, ...]  # "endpoint URL", "user pool ID", ...
    old_target: binding.Target
    new_target: binding.Target
    session_users: tuple[str, ...] = ()
    client_secret: bool = False
    unknown: str | None = None  # why the keyring could not be asked, if so

    @property
    def orphans_secrets(self) -> bool:
        return bool(self.session_users or self.client_secret)

    def what(self) -> str:
        """'the remembered session of alice and the client secret'"""
        parts = []
        if self.session_users:
            parts.append("the remembered session" + ("s" if len(self.session_users) > 1 else "")
                         + " of " + ", ".join(self.session_users))
        if self.client_secret:
            parts.append("the client secret")
        return " and ".join(parts) or "nothing"

    def describe(self) -> str:
        """One paragraph for a confirmation or a refusal."""
        what = self.what()
        count = len(self.session_users) + int(self.client_secret)
        return (
            f"Changing the {' and '.join(self.changed)} of profile {self.profile_name!r} points "
            f"it at {binding.describe(self.new_target)}. {what[0].upper()}{what[1:]} came from "
            f"{binding.describe(self.old_target)} and would never be sent to the new server, "
            f"so saving the change forgets {'them' if count > 1 else 'it'}."
        )


def rebinding(old: Profile | None, new: Profile, *,
              new_secret_given: bool = False) -> Rebinding | None:
    """None when `new` keeps `old`'s target (or there is no `old`); else what it orphans.
    Reads the keyring (blocking): call it off the GUI thread. A secret about to be replaced
    (`new_secret_given`) is not counted as orphaned."""
    if old is None:
        return None
    changed = tuple(binding.changed_fields(old, new))
    if not changed:
        return None
    from tokenexplorer.cognito import client_secrets

    users: tuple[str, ...] = ()
    has_secret, unknown = False, None
    try:
        users = tuple(e.username for e in keyring_store.stored_sessions(old.name))
        has_secret = keyring_store.client_secret_binding(old.name)[0]
    except keyring_store.KeyringUnavailable as exc:
        unknown = exc.reason
    has_secret = (has_secret or client_secrets.secret_storage_state(old.name) == "memory") \
        and not new_secret_given
    return Rebinding(old.name, changed, binding.target_of(old), binding.target_of(new),
                     users, has_secret, unknown)


def forget_secrets(profile_name: str, *, client_secret: bool = True) -> None:
    """Forget every remembered session (and the client secret) of `profile_name`; no server
    is contacted. Raises KeyringUnavailable when the keyring cannot be reached."""
    from tokenexplorer.cognito import client_secrets

    if client_secret:
        client_secrets.forget_in_memory(profile_name)
    keyring_store.delete_refresh_token(profile_name)
    if client_secret:
        keyring_store.delete_client_secret(profile_name)
