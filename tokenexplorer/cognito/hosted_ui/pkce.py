"""One authorization request: PKCE (S256), `state` and `nonce`, and its authorize URL.

The verifier never leaves this process except in the token exchange; `state` ties the
browser's answer to this request (RFC 6749 §10.12), `nonce` ties the ID token to it
(OpenID Connect Core §3.1.2.1). All three come from `secrets` (RFC 7636 §4.1: 43+ chars).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def challenge_of(verifier: str) -> str:
    """BASE64URL(SHA256(verifier)), the S256 code challenge."""
    return _b64url(hashlib.sha256(verifier.encode("ascii")).digest())


@dataclass(frozen=True)
class AuthRequest:
    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    provider: str | None = None
    state: str = field(default_factory=lambda: secrets.token_urlsafe(24), repr=False)
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(24), repr=False)
    verifier: str = field(default_factory=lambda: secrets.token_urlsafe(64), repr=False)

    @property
    def challenge(self) -> str:
        return challenge_of(self.verifier)

    def state_matches(self, state: str | None) -> bool:
        return state is not None and hmac.compare_digest(state.encode(), self.state.encode())

    def params(self) -> dict[str, str]:
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": " ".join(self.scopes),
            "state": self.state,
            "nonce": self.nonce,
            "code_challenge": self.challenge,
            "code_challenge_method": "S256",
        }
        if self.provider:
            params["identity_provider"] = self.provider
        return params

    def url(self, authorize_endpoint: str) -> str:
        return f"{authorize_endpoint}?{urlencode(self.params())}"

    def shown_params(self) -> dict[str, str]:
        """The parameters for the Activity log: state, nonce and challenge masked."""
        masked = {"state", "nonce", "code_challenge"}
        return {k: ("‹redacted›" if k in masked else v) for k, v in self.params().items()}
