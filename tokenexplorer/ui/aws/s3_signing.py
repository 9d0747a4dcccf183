"""The S3 tab's line saying which identity its requests are signed with.

It follows the window's state (profile, session, credentials), never the Credentials
panel: that panel and this tab only share AppState.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.ui.aws.shown import session_username, shown_key

if TYPE_CHECKING:
    from tokenexplorer.ui.state import AppState


def signing_text(state: AppState) -> str | None:
    """"Signed requests: guest (no sign-in) …"; None without a profile (nothing signs)."""
    if state.profile is None:
        return None
    creds, session = state.credentials, state.session
    name = session_username(session)
    kind = creds.kind if creds is not None else (
        "authenticated" if session is not None else "guest")
    if kind == "authenticated":
        who = f"authenticated as {name}" if name else "authenticated"
    elif session is None:
        who = "guest (no sign-in)"
    else:
        who = f"guest, as chosen in the Credentials tab (you are signed in as {name})"
    if creds is not None:
        return f"Signed requests: {shown_key(who)} (identity {shown_key(creds.identity_id)})"
    return f"Signed requests: {who}; the credentials are fetched with the first request"


__all__ = ["signing_text"]
