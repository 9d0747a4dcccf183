"""The embedded sandbox, as the rest of the app sees it (implementation: tokenexplorer.sandbox).

`start_sandbox()` gives a running local Cognito + S3 emulator (ministack in a child process,
127.0.0.1 only) seeded with everything a first sign-in needs (no AWS account), its state
kept in the app's data folder across restarts. `seed_sandbox(url)` seeds any running engine.
"""

from __future__ import annotations

from tokenexplorer.sandbox.info import (
    DEMO_ATTRIBUTES,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    HOSTED_UI_CALLBACK_PORTS,
    HOSTED_UI_CALLBACK_URLS,
    HOSTED_UI_LOGOUT_URL,
    HOSTED_UI_SCOPES,
    M2M_PROFILE_NAME,
    M2M_SCOPES,
    RESOURCE_SERVER_ID,
    SANDBOX_PROFILE_NAME,
    SANDBOX_REGION,
    SandboxError,
    SandboxInfo,
)
from tokenexplorer.sandbox.profiles import SavedProfiles, save_sandbox_profiles
from tokenexplorer.sandbox.running import (
    Sandbox,
    endpoint_answers,
    reset_sandbox,
    running_endpoint,
    start_sandbox,
)
from tokenexplorer.sandbox.seed import seed_sandbox

__all__ = [
    "DEMO_ATTRIBUTES", "DEMO_PASSWORD", "DEMO_USERNAME", "EMULATOR_WARNING",
    "HOSTED_UI_CALLBACK_PORTS", "HOSTED_UI_CALLBACK_URLS", "HOSTED_UI_LOGOUT_URL",
    "HOSTED_UI_SCOPES", "M2M_PROFILE_NAME", "M2M_SCOPES", "RESOURCE_SERVER_ID",
    "SANDBOX_PROFILE_NAME", "SANDBOX_REGION", "Sandbox", "SandboxError", "SandboxInfo",
    "SavedProfiles", "endpoint_answers", "is_emulator", "reset_sandbox", "running_endpoint",
    "save_sandbox_profiles", "seed_sandbox", "start_sandbox",
]

EMULATOR_WARNING = (
    "This is a local emulator (ministack), not AWS. It checks passwords (SRP proofs), "
    "SECRET_HASH, MFA codes and IAM policies like Cognito and S3 do, but its codes are "
    "fixed (confirmation 123456, password reset 654321; the Sandbox inbox shows them), "
    "it sends no real email or SMS, and its tokens are signed with a key kept unprotected "
    "in the sandbox's data folder while they name AWS as their issuer. Use it to learn "
    "and to test, never to trust a token."
)


def is_emulator(profile: object) -> bool:
    """The built-in sandbox, or any profile whose endpoint override is plain http on this
    machine (ministack, moto, cognito-local): servers that send no real codes."""
    from tokenexplorer.cognito.ids import is_loopback_http

    return bool(getattr(profile, "is_sandbox", False)) or is_loopback_http(
        getattr(profile, "endpoint_url", None))
