"""The one translation of a background failure into words for the window.

Every panel shows errors through `describe_error`: an `ExplainedError` (Cognito, identity
pool, S3, keyring, sandbox, profile) carries its own words; a raw network failure is put
in the same words as the services' own; anything else is named by kind only, because its
text may quote a request or a secret. Never a traceback.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from tokenexplorer.explained import ExplainedError, transport_error

UNEXPECTED = "Something went wrong talking to the server. Try again."


@dataclass(frozen=True)
class PlainError:
    """An error as a person reads it: one sentence, plus the original code for the curious."""

    message: str
    code: str | None = None


def describe_error(exc: BaseException) -> PlainError:
    """Plain words for any exception from a background call."""
    if isinstance(exc, ExplainedError):
        return PlainError(str(exc), exc.detail)
    if "botocore" in sys.modules:  # a raw botocore failure that no service mapped
        network = transport_error(exc, ExplainedError, service="the server")
        if network is not None:
            return PlainError(str(network), network.detail)
    if isinstance(exc, TimeoutError):
        return PlainError("The server did not answer in time. Try again.", type(exc).__name__)
    if isinstance(exc, ConnectionError):
        from tokenexplorer.net_errors import words

        why = words(exc, fallback="the server could not be reached")
        return PlainError(f"{why[:1].upper()}{why[1:]}. Check the endpoint and your network, "
                          "then try again.", type(exc).__name__)
    return PlainError(UNEXPECTED, type(exc).__name__)


def error_text(exc: BaseException) -> str:
    """`describe_error(exc).message`, for one-line status texts."""
    return describe_error(exc).message
