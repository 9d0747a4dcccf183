"""Token Explorer: explore AWS Cognito user-pool tokens."""

from __future__ import annotations

import functools

APP_NAME = "Token Explorer"
APP_ID = "tokenexplorer"


@functools.cache
def version() -> str:
    """The installed version; looked up on demand (metadata reads cost ~40 ms at start-up)."""
    from importlib import metadata

    try:
        return metadata.version("tokenexplorer")
    except metadata.PackageNotFoundError:  # running from a bare source tree
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
