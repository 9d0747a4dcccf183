"""The plumbing under every Cognito user-pool call: one unsigned client per profile, the
transport policy, SECRET_HASH, and the mapping of failures to CognitoError.

`CognitoClient` is the base the call groups build on (sign-in in `auth.py`, accounts in
`account_calls.py`, sessions in `session_calls.py`); each of their methods is ONE round trip.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tokenexplorer.cognito.errors import to_cognito_error
from tokenexplorer.cognito.profiles import Profile
from tokenexplorer.cognito.secret_hash import secret_hash
from tokenexplorer.cognito.transport_policy import check_secret_transport, secrets_in

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityLog
    from tokenexplorer.cognito.password_policy import PasswordPolicy

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0

Warn = Callable[[str], None]


class CognitoClient:
    """Public (unsigned) Cognito user-pool calls for one profile. Thread-safe."""

    def __init__(
        self,
        profile: Profile,
        *,
        client_secret: str | None = None,
        activity: ActivityLog | None = None,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        retries: int = 0,
        allow_insecure_http: bool = False,  # secrets to a remote plain-http endpoint (warned)
        warn: Warn | None = None,  # called with that warning at every such call
    ) -> None:
        # No retries by default: a retried RespondToAuthChallenge could reuse a spent session or
        # code, and a silent retry doubles the wait; errors say `retryable`, the user retries.
        self.profile = profile
        self.client_id: str = profile.client_id
        self.user_pool_id: str = profile.user_pool_id
        self.region: str = profile.pool_region
        self.endpoint_url: str | None = profile.endpoint_url
        self._secret = client_secret or None
        self._activity = activity
        self._insecure_allowed = allow_insecure_http or profile.allow_insecure_http
        self._warn = warn
        self._timeouts = (connect_timeout, read_timeout, retries)
        self._client: Any = None  # a botocore client: its methods are made at run time
        self._lock = threading.Lock()
        self.password_policy: PasswordPolicy | None = None

    def __repr__(self) -> str:
        return (f"CognitoAuth(pool={self.user_pool_id!r}, client={self.client_id!r}, "
                f"secret={'‹set›' if self._secret else None})")

    @property
    def has_secret(self) -> bool:
        return self._secret is not None

    def _idp(self) -> Any:
        with self._lock:
            if self._client is None:
                from tokenexplorer.aws.clients import make_client

                connect, read, retries = self._timeouts
                self._client = make_client(
                    "cognito-idp", region=self.region, endpoint_url=self.endpoint_url,
                    unsigned=True, activity=self._activity, connect_timeout=connect,
                    read_timeout=read, retries=retries,
                )
            return self._client

    def _endpoint_text(self) -> str:
        return self.endpoint_url or f"cognito-idp.{self.region}.amazonaws.com"

    def _call(self, operation: str, *, context: str = "", secrets: tuple[str | None, ...] = (),
              **params: Any) -> dict[str, Any]:
        """One AWS call; failures become CognitoError (with no secret in the message). A call
        carrying a secret passes the transport policy first (plain http to another host)."""
        check_secret_transport(self.endpoint_url, secrets_in(params, operation),
                               allowed=self._insecure_allowed, warn=self._warn,
                               operation=operation)
        method = getattr(self._idp(), operation)  # botocore's generated operation methods
        try:
            response: dict[str, Any] = method(**params)
        except Exception as exc:
            policy = self.password_policy.describe() if self.password_policy else None
            mapped = to_cognito_error(
                exc, context=context, policy_text=policy, endpoint=self._endpoint_text(),
                secrets=(*secrets, self._secret),
            )
            if mapped is None:
                raise
            raise mapped from None
        return response

    def _hash(self, username: str) -> dict[str, str]:
        """{"SECRET_HASH": …} for AuthParameters/ChallengeResponses, {} without a secret."""
        if not self._secret:
            return {}
        return {"SECRET_HASH": secret_hash(username, self.client_id, self._secret)}

    # Public for the flow modules that compose CognitoAuth (user_auth, rotation, devices).
    call = _call
    hash_params = _hash

    @property
    def client_secret(self) -> str | None:  # GetTokensFromRefreshToken sends it as it is
        return self._secret

    def _secret_param(self, username: str) -> dict[str, Any]:
        """{"SecretHash": …} for the account calls (SignUp, ForgotPassword, …)."""
        hashed = self._hash(username)
        return {"SecretHash": hashed["SECRET_HASH"]} if hashed else {}
