"""Save the sandbox's two profiles: "Sandbox" (SRP, no secret) and "Sandbox M2M" (the
confidential client; its secret goes to the keyring, bound to the profile's target)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tokenexplorer.cognito.profiles import ProfileStore, SecretLocation, set_client_secret
from tokenexplorer.sandbox.info import SandboxInfo


@dataclass
class SavedProfiles:
    """What was saved; `problems` are plain sentences (no secret in any of them)."""

    names: list[str] = field(default_factory=list)
    secret_location: SecretLocation = "none"
    problems: list[str] = field(default_factory=list)


def save_sandbox_profiles(store: ProfileStore, info: SandboxInfo) -> SavedProfiles:
    """Put both profiles in `store` (replacing older sandbox ones) and the M2M secret in
    the keyring (or memory when no keyring is usable)."""
    result = SavedProfiles()
    profiles = [info.profile()]
    if info.m2m_client_id:
        profiles.append(info.m2m_profile())
    for profile in profiles:
        try:
            store.put(profile)
            result.names.append(profile.name)
        except OSError as exc:
            result.problems.append(f"The {profile.name!r} profile was not saved: "
                                   f"{exc.strerror or exc}.")
    if info.m2m_client_secret and len(profiles) > 1:
        result.secret_location = set_client_secret(profiles[1], info.m2m_client_secret)
        if result.secret_location == "memory":
            result.problems.append("No keyring is usable: the M2M client's secret is kept "
                                   "in memory only, for this run.")
    return result
