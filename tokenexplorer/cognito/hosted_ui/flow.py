"""A hosted-UI sign-in from start to tokens: the steps the CLI and the window both run.

    flow = HostedSignIn(profile, client_secret=secret, activity=log)
    url = flow.start()          # listener bound, request checked; open `url` in the browser
    callback = flow.wait(300)   # the browser's answer (Cancelled / Timeout otherwise)
    result = flow.finish(callback)   # code → tokens, nonce checked, context registered
    flow.close()                # always: the port is freed

Every step but `cancel()` blocks: run it on a worker thread. `cancel()` may be called from
any thread and makes `wait` end at once.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tokenexplorer.cognito.hosted_ui.endpoints import callback_url
from tokenexplorer.cognito.hosted_ui.errors import (
    CANCELLED,
    PORT_BUSY,
    STATE_MISMATCH,
    TIMEOUT,
    HostedUIError,
    oauth_error,
)
from tokenexplorer.cognito.hosted_ui.listener import Callback, LoopbackListener
from tokenexplorer.cognito.hosted_ui.oauth_calls import OAuthClient
from tokenexplorer.cognito.hosted_ui.pkce import AuthRequest
from tokenexplorer.cognito.session import jwt_claims
from tokenexplorer.cognito.steps import Tokens
from tokenexplorer.tokens import issued_with

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityLog
    from tokenexplorer.cognito.profiles import Profile

WAIT_S = 300.0  # how long a person may take in the browser
LABEL = "hosted UI"


@dataclass(frozen=True)
class HostedResult:
    tokens: Tokens = field(repr=False)
    nonce_ok: bool | None  # None: no ID token to compare
    warnings: tuple[str, ...] = ()
    provider: str | None = None


class HostedSignIn:
    def __init__(self, profile: Profile, *, client_secret: str | None = None,
                 activity: ActivityLog | None = None, port: int | None = None,
                 provider: str | None = None, scopes: tuple[str, ...] | None = None,
                 on_refused: Callable[[str], None] | None = None) -> None:
        self.profile = profile
        self.client = OAuthClient(profile, client_secret=client_secret, activity=activity)
        self.ports = (port,) if port else tuple(profile.callback_ports)
        self.provider = provider
        self.scopes = tuple(scopes if scopes is not None else profile.hosted_ui_scopes)
        self._on_refused = on_refused
        self._cancelled = threading.Event()
        self.listener: LoopbackListener | None = None
        self.request: AuthRequest | None = None

    def _listen(self, request_for: Callable[[int], AuthRequest]) -> None:
        problems: list[HostedUIError] = []
        for port in self.ports:
            request = request_for(port)
            try:
                self.listener = LoopbackListener(port, request.state_matches,
                                                 on_refused=self._on_refused)
            except HostedUIError as exc:
                problems.append(exc)
                continue
            self.request = request
            return
        if len(problems) == 1:
            raise problems[0]
        tried = ", ".join(str(p) for p in self.ports)
        raise HostedUIError(PORT_BUSY, f"All the profile's callback ports ({tried}) are in use "
                            "on this machine.", hint=problems[0].hint if problems else None)

    def start(self, *, check: bool = True) -> str:
        """Bind the listener on the first free callback port, check the authorize request
        (explained errors before any browser opens), and give the URL to open."""
        def request_for(port: int) -> AuthRequest:
            return AuthRequest(self.profile.client_id, callback_url(port), self.scopes,
                               self.provider)

        self._listen(request_for)
        assert self.request is not None
        try:
            if check:
                self.client.check_authorize(self.request)
        except BaseException:
            self.close()
            raise
        return self.request.url(self.client.endpoints.authorize)

    def read_discovery(self) -> None:
        """Fetch the discovery document into the Activity log (best effort)."""
        with contextlib.suppress(HostedUIError):
            self.client.discovery()

    def wait(self, seconds: float = WAIT_S) -> Callback:
        """The browser's answer; Cancelled after `cancel()`, Timeout after `seconds`."""
        listener = self.listener
        if listener is None:
            raise HostedUIError(CANCELLED, "The sign-in was not started.")
        deadline = time.monotonic() + seconds
        while not self._cancelled.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                refused = f" {len(listener.refused)} answer(s) with another state were " \
                          "refused." if listener.refused else ""
                raise HostedUIError(TIMEOUT, f"No answer came back from the browser within "
                                    f"{seconds:g} s.{refused}", "Timeout",
                                    hint="Finish signing in in the browser tab, or start again.")
            result = listener.wait(min(left, 0.25))
            if result is not None:
                return result
        raise HostedUIError(CANCELLED, "The sign-in was cancelled; the browser tab can be "
                            "closed.", "Cancelled")

    def cancel(self) -> None:
        self._cancelled.set()
        if self.listener is not None:
            self.listener.stop()

    def finish(self, callback: Callback) -> HostedResult:
        """The browser's answer → tokens (code exchange with the PKCE verifier)."""
        request = self.request
        if request is None:
            raise HostedUIError(STATE_MISMATCH, "No sign-in is waiting for this answer.")
        self.close()
        if callback.error is not None or not callback.code:
            raise oauth_error(callback.error or "no_code", callback.error_description,
                              callback_url=request.redirect_uri,
                              client_id=self.profile.client_id, provider=self.provider)
        tokens = self.client.exchange_code(request, callback.code)
        return self._judged(request, tokens)

    def _judged(self, request: AuthRequest, tokens: Tokens) -> HostedResult:
        warnings: list[str] = []
        nonce_ok: bool | None = None
        if tokens.id_token:
            nonce_ok = jwt_claims(tokens.id_token).get("nonce") == request.nonce
            issued_with.remember(tokens.id_token, issued_with.IssuedWith(
                request.nonce, tokens.access_token, LABEL))
            if not nonce_ok:
                warnings.append("The ID token's nonce does not match the one this sign-in "
                                "sent: it may come from another sign-in. See Checks.")
        else:
            warnings.append("No ID token came back (the openid scope was not granted).")
        return HostedResult(tokens, nonce_ok, tuple(warnings), self.provider)

    def close(self) -> None:
        if self.listener is not None:
            self.listener.stop()


def run_sign_in(flow: HostedSignIn, open_url: Callable[[str], None],
                seconds: float = WAIT_S) -> HostedResult:
    """start → open_url(url) → wait → finish, always closing the listener."""
    try:
        url = flow.start()
        open_url(url)
        return flow.finish(flow.wait(seconds))
    finally:
        flow.close()
