"""SECRET_HASH: what a Cognito app client with a secret wants next to every username.

Base64(HMAC-SHA256(key = client secret, message = username + client ID)). The username is
the one the call names: the typed one for SignUp/InitiateAuth, USERNAME from the challenge
for RespondToAuthChallenge, and `cognito:username` for REFRESH_TOKEN_AUTH.
"""

from __future__ import annotations

import base64
import hashlib
import hmac


def secret_hash(username: str, client_id: str, client_secret: str) -> str:
    digest = hmac.new(
        client_secret.encode("utf-8"), (username + client_id).encode("utf-8"), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode("ascii")
