"""Saved pool profiles: a JSON settings file in the config directory, written atomically.

The client secret is never in that file: it goes to the keyring (`keyring_store`), or —
when no secure keyring is usable — stays in this process's memory only, and
`secret_storage_state()` says so. A profile file that cannot be read is moved aside to
`profiles.json.corrupt-<timestamp>` (kept, never deleted; see `profile_file`) and
`ProfileStore.load_problem` explains what happened.
"""

from __future__ import annotations

import builtins
import dataclasses
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tokenexplorer import keyring_store, paths
from tokenexplorer.atomic import write_text_atomic
from tokenexplorer.cognito import ids, profile_oauth

# Client secrets live in `client_secrets` (bound to their target); re-exported here.
from tokenexplorer.cognito.client_secrets import (
    SecretLocation,
    bound_elsewhere,
    client_secret_for,
    forget_in_memory,
    forget_secrets_in_memory,
    move_secret,
    secret_storage_state,
    set_client_secret,
)
from tokenexplorer.cognito.profile_file import keep_copy, read_document
from tokenexplorer.explained import ExplainedError

__all__ = ["Profile", "ProfileError", "ProfileStore", "SecretLocation", "bound_elsewhere",
           "client_secret_for", "forget_secrets_in_memory", "normalised",
           "secret_storage_state", "set_client_secret"]

SCHEMA_VERSION = 1
FILE_NAME = "profiles.json"

log = logging.getLogger(__name__)


class ProfileError(ExplainedError, ValueError):
    """A profile operation that cannot be done; the message says why, `code` what (one of
    the codes below, for callers that branch)."""

    NO_SUCH_PROFILE = "NoSuchProfile"
    NAME_TAKEN = "NameTaken"
    INVALID_NAME = "InvalidName"
    INVALID_FIELDS = "InvalidFields"
    BAD_ENTRY = "BadEntry"

    def __init__(self, message: str, code: str = "Profile") -> None:
        super().__init__(code, message)


@dataclass
class Profile:
    name: str
    region: str
    user_pool_id: str
    client_id: str
    identity_pool_id: str | None = None
    bucket: str | None = None
    hosted_ui_domain: str | None = None
    endpoint_url: str | None = None
    has_client_secret: bool = False
    is_sandbox: bool = False
    allow_insecure_http: bool = False  # secrets to a remote plain-http endpoint (warned)
    rotate_refresh_tokens: bool = False  # the client rotates (GetTokensFromRefreshToken)
    preferred_challenge: str | None = None  # USER_AUTH first factor (PASSWORD, EMAIL_OTP, …)
    # The hosted UI (OAuth): see profile_oauth. Ports are fixed: Cognito matches callbacks exactly.
    hosted_ui_scopes: tuple[str, ...] = profile_oauth.DEFAULT_SCOPES
    callback_ports: tuple[int, ...] = profile_oauth.DEFAULT_PORTS
    identity_providers: tuple[str, ...] = ()
    logout_uri: str | None = None

    @property
    def pool_region(self) -> str:
        """The region Cognito calls go to: the user pool ID's prefix, else the region field."""
        return ids.region_from_user_pool_id(self.user_pool_id) or self.region

    @property
    def issuer(self) -> str:
        """The `iss` of this pool's tokens, always in its AWS form (also for emulators)."""
        return f"https://cognito-idp.{self.pool_region}.amazonaws.com/{self.user_pool_id}"

    @property
    def logins_key(self) -> str:
        """The key of the ID token in an identity pool's `Logins` map."""
        return f"cognito-idp.{self.pool_region}.amazonaws.com/{self.user_pool_id}"

    @property
    def jwks_url(self) -> str:
        """Where this pool's signing keys are served (the endpoint override when set)."""
        if self.endpoint_url:
            return f"{self.endpoint_url.rstrip('/')}/{self.user_pool_id}/.well-known/jwks.json"
        return f"{self.issuer}/.well-known/jwks.json"

    def problems(self) -> list[ids.FieldProblem]:
        return ids.validate_profile_fields(
            name=self.name,
            region=self.region,
            user_pool_id=self.user_pool_id,
            client_id=self.client_id,
            identity_pool_id=self.identity_pool_id,
            bucket=self.bucket,
            hosted_ui_domain=self.hosted_ui_domain,
            endpoint_url=self.endpoint_url,
        )

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: object) -> Profile:
        """Build from one entry of the file; unknown keys are ignored, wrong types raise."""
        if not isinstance(data, dict):
            raise ProfileError("a profile entry is not an object", ProfileError.BAD_ENTRY)
        values: dict[str, Any] = {}
        for field in dataclasses.fields(cls):
            if field.name not in data:
                continue
            value = data[field.name]
            if field.name in ("has_client_secret", "is_sandbox", "allow_insecure_http",
                              "rotate_refresh_tokens"):
                if not isinstance(value, bool):
                    raise ProfileError(f"{field.name} is not true/false", ProfileError.BAD_ENTRY)
            elif field.name in profile_oauth.TUPLE_FIELDS:
                try:
                    value = profile_oauth.read_field(field.name, value)
                except profile_oauth.OAuthFieldError as exc:
                    raise ProfileError(str(exc), ProfileError.BAD_ENTRY) from None
            elif value is not None and not isinstance(value, str):
                raise ProfileError(f"{field.name} is not text", ProfileError.BAD_ENTRY)
            values[field.name] = value
        for required in ("name", "region", "user_pool_id", "client_id"):
            if not values.get(required):
                raise ProfileError(f"the entry has no {required}", ProfileError.BAD_ENTRY)
        return cls(**values)


def normalised(profile: Profile) -> Profile:
    """Stripped text, empty optionals as None, region filled in from the pool ID."""
    def clean(value: str | None) -> str | None:
        value = (value or "").strip()
        return value or None

    region = (profile.region or "").strip() or ids.region_from_user_pool_id(
        profile.user_pool_id.strip()
    ) or ""
    return dataclasses.replace(
        profile,
        region=region,
        user_pool_id=profile.user_pool_id.strip(),
        client_id=profile.client_id.strip(),
        identity_pool_id=clean(profile.identity_pool_id),
        bucket=clean(profile.bucket),
        hosted_ui_domain=clean(profile.hosted_ui_domain),
        endpoint_url=clean(profile.endpoint_url),
    )


# ---------------------------------------------------------------- the store


class ProfileStore:
    """Profiles in `path` (default: config_dir()/profiles.json). Thread-safe.

    Every change re-reads the file first, so a change made by another process (e.g.
    `tokenexplorer sandbox` updating the Sandbox profile) is not overwritten.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.config_dir() / FILE_NAME
        self._lock = threading.RLock()
        self._profiles: dict[str, Profile] = {}
        self._last_used: str | None = None
        self._loaded = False
        self.load_problem: str | None = None

    # -- reading

    def load(self) -> list[Profile]:
        """(Re)read the file. A file that cannot be read is set aside; see `load_problem`."""
        with self._lock:
            self._profiles, self._last_used = {}, None
            self._loaded = True
            data, problem = read_document(self.path)
            if problem is not None:
                self.load_problem = problem
            if data is not None:
                self._take(data)
            return self.list()

    def _take(self, data: dict[str, Any]) -> None:
        """The profiles of a document; a newer format or bad entries keep a copy, said."""
        schema = data.get("schema")
        if isinstance(schema, int) and schema > SCHEMA_VERSION:
            kept = keep_copy(self.path, "newer")
            self.load_problem = (
                f"{self.path.name} was written by a newer Token Explorer (format {schema}); "
                f"profiles were read as far as understood, and a copy was kept as {kept.name}."
            )
        bad: list[str] = []
        for index, entry in enumerate(data.get("profiles", [])):
            try:
                profile = Profile.from_json(entry)
            except (ProfileError, TypeError) as exc:
                bad.append(f"entry {index + 1}: {exc}")
                continue
            self._profiles[profile.name] = profile
        last = data.get("last_used")
        self._last_used = last if isinstance(last, str) and last in self._profiles else None
        if bad:
            kept = keep_copy(self.path, "corrupt")
            self.load_problem = (
                f"Some saved profiles could not be read ({'; '.join(bad)}). The original file "
                f"was kept as {kept.name}; the other profiles were loaded."
            )

    def _ensure_loaded(self) -> None:
        if not self._loaded:
            self.load()

    def list(self) -> list[Profile]:
        with self._lock:
            self._ensure_loaded()
            return sorted(
                (dataclasses.replace(p) for p in self._profiles.values()),
                key=lambda p: (not p.is_sandbox, p.name.casefold()),
            )

    def names(self) -> builtins.list[str]:
        return [profile.name for profile in self.list()]

    def get(self, name: str) -> Profile | None:
        with self._lock:
            self._ensure_loaded()
            profile = self._profiles.get(name)
            return dataclasses.replace(profile) if profile else None

    @property
    def last_used(self) -> str | None:
        with self._lock:
            self._ensure_loaded()
            return self._last_used

    @last_used.setter
    def last_used(self, name: str | None) -> None:
        with self._lock:
            self._reload_for_change()
            if name is not None and name not in self._profiles:
                raise ProfileError(f"There is no profile named {name!r}.",
                                   ProfileError.NO_SUCH_PROFILE)
            self._last_used = name
            self._save()

    # -- changing

    def _reload_for_change(self) -> None:
        problem = self.load_problem
        self.load()
        self.load_problem = self.load_problem or problem

    def _save(self) -> None:
        document = {
            "schema": SCHEMA_VERSION,
            "last_used": self._last_used,
            "profiles": [
                p.to_json() for p in sorted(self._profiles.values(), key=lambda p: p.name)
            ],
        }
        write_text_atomic(self.path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")

    def put(self, profile: Profile) -> Profile:
        """Add or replace the profile with this name. Raises ProfileError on invalid fields."""
        profile = normalised(profile)
        errors = ids.errors_only(profile.problems())
        if errors:
            raise ProfileError("; ".join(f"{e.field}: {e.message}" for e in errors),
                               ProfileError.INVALID_FIELDS)
        with self._lock:
            self._reload_for_change()
            self._profiles[profile.name] = profile
            self._save()
        return dataclasses.replace(profile)

    def _require(self, name: str) -> Profile:
        profile = self._profiles.get(name)
        if profile is None:
            raise ProfileError(f"There is no profile named {name!r}.",
                               ProfileError.NO_SUCH_PROFILE)
        return profile

    def _check_new_name(self, new: str) -> None:
        problems = ids.errors_only(ids.validate_profile_fields(name=new))
        if problems:
            raise ProfileError(problems[0].message, ProfileError.INVALID_NAME)
        if new in self._profiles:
            raise ProfileError(f"A profile named {new!r} already exists.", ProfileError.NAME_TAKEN)

    def rename(self, old: str, new: str) -> Profile:
        """Rename; the client secret and stored session follow (best effort)."""
        with self._lock:
            self._reload_for_change()
            profile = self._require(old)
            if new == old:
                return dataclasses.replace(profile)
            self._check_new_name(new)
            renamed = dataclasses.replace(profile, name=new)
            del self._profiles[old]
            self._profiles[new] = renamed
            if self._last_used == old:
                self._last_used = new
            self._save()
        move_secret(old, new, keep_old=False, sessions=True)
        return dataclasses.replace(renamed)

    def duplicate(self, name: str, new_name: str) -> Profile:
        """A copy under a new name (with the client secret; not the stored session)."""
        with self._lock:
            self._reload_for_change()
            copy = dataclasses.replace(self._require(name), name=new_name, is_sandbox=False)
            self._check_new_name(new_name)
            self._profiles[new_name] = copy
            self._save()
        if copy.has_client_secret:
            move_secret(name, new_name, keep_old=True)
        return dataclasses.replace(copy)

    def delete(self, name: str) -> None:
        """Remove the profile and (best effort) its keyring entries."""
        with self._lock:
            self._reload_for_change()
            self._require(name)
            del self._profiles[name]
            if self._last_used == name:
                self._last_used = None
            self._save()
        forget_in_memory(name)
        try:
            from tokenexplorer.cognito.device_store import forget_profile

            forget_profile(name)  # remembered devices outlive sign-outs, not the profile
            keyring_store.delete_profile_entries(name)
        except keyring_store.KeyringUnavailable as exc:
            log.info("keyring entries of a deleted profile not removed: %s", exc.reason)

    # -- secrets, with the has_client_secret flag kept in step

    def set_client_secret(self, profile_name: str, secret: str | None) -> SecretLocation:
        """Store the secret (keyring, else memory) bound to the profile's current target, and
        record whether the profile has one."""
        with self._lock:
            self._reload_for_change()
            profile = self._require(profile_name)
        location = set_client_secret(profile, secret)
        with self._lock:
            self._reload_for_change()
            saved = self._profiles.get(profile_name)
            if saved is not None and saved.has_client_secret != bool(secret):
                saved.has_client_secret = bool(secret)
                self._save()
        return location

    def client_secret_for(self, profile: Profile | str) -> str | None:
        """The secret when bound to the profile's current target (a name is looked up)."""
        found = self.get(profile) if isinstance(profile, str) else profile
        return client_secret_for(found) if found is not None else None
