"""One shape for every failure the app explains to people, and one mapping of network trouble.

Cognito, identity-pool and S3 calls fail in the same ways (the endpoint is down, it did not
answer in time) and differently (a wrong code, an AccessDenied). `ExplainedError` is the
base of `CognitoError`, `CredentialsError` and `S3Error`: `message` is for people,
`code` is ours and stable (the UI and tests branch on it, never on text), `original_code`
is what the server or botocore said, `hint` an optional next step. `transport_error` is
the single place that turns botocore connection and timeout errors into one of these, so
all three services say the same thing about the same network fault.
"""

from __future__ import annotations

from typing import TypeVar

# Our codes for network trouble, the same for every service.
TIMEOUT = "Timeout"
ENDPOINT_DOWN = "EndpointDown"
TRANSPORT_CODES = frozenset({TIMEOUT, ENDPOINT_DOWN})


class ExplainedError(Exception):
    """A failure with plain words; `str(error)` is `message` (subclasses may add the code)."""

    def __init__(
        self,
        code: str,
        message: str,
        original_code: str | None = None,
        *,
        hint: str | None = None,
        retryable: bool = False,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.original_code = original_code
        self.hint = hint
        self.retryable = retryable

    @property
    def detail(self) -> str | None:
        """What the server or library said, for the "Details" link; None when nothing."""
        return self.original_code or None

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message

    @property
    def is_transport(self) -> bool:
        """True when the network, not the service, failed (the sandbox may be stopped)."""
        return self.code in TRANSPORT_CODES


E = TypeVar("E", bound=ExplainedError)


def transport_error(exc: BaseException, make: type[E], *, service: str,
                    endpoint: str | None = None, doing: str | None = None) -> E | None:
    """`make(...)` for a botocore connection/timeout failure, else None.

    `service` names who did not answer ("Cognito", "S3", "the identity pool"); `doing` is
    the step that failed, quoted at the start of the message when given."""
    from botocore import exceptions as bex

    from tokenexplorer.net_errors import describe

    url = endpoint or _endpoint_of(exc)
    where = f" at {url}" if url else ""
    lead = f"{doing}: " if doing else ""
    network = describe(exc, url)
    if isinstance(exc, bex.ConnectTimeoutError):
        why = network.words if network else "timed out"
        return make(TIMEOUT, sentence(f"{lead}{service}{where} did not accept a connection in time "
                    f"({why})."), "ConnectTimeout", retryable=True,
                    hint="Check the network and the endpoint, then try again.")
    if isinstance(exc, bex.ReadTimeoutError):
        return make(TIMEOUT, sentence(f"{lead}{service}{where} did not answer in time."),
                    "ReadTimeout", retryable=True,
                    hint="The endpoint may be slow or down; try again.")
    if isinstance(exc, bex.EndpointConnectionError | bex.ConnectionClosedError):
        why = network.words if network else "nothing answered there"
        return make(ENDPOINT_DOWN, sentence(f"{lead}could not reach {service}{where}: {why}."),
                    type(exc).__name__, retryable=True,
                    hint="Check the network, the region and the endpoint URL.")
    return None


def _endpoint_of(exc: BaseException) -> str | None:
    kwargs = getattr(exc, "kwargs", None)
    url = kwargs.get("endpoint_url") if isinstance(kwargs, dict) else None
    return url if isinstance(url, str) and url else None


def sentence(text: str) -> str:
    """`text` with a capital first letter (messages may start with a quoted step)."""
    return text[:1].upper() + text[1:] if text else text
