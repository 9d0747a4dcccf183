"""S3 keys, bucket and profile names as the S3 tab shows them: escaped like claims.

Keys are written by whoever can put objects: `invoice\\u202etxt.exe` reads as
"invoiceexe.txt" when shown raw, and C0/C1 controls can hide or reorder text. Every place
in the tab that shows a key (table, breadcrumb, transfers, notes, dialogs) goes through
`shown`, which makes those characters visible as ⟨U+202E⟩ (tokens.safe_text) and keeps
the line breaks of our own messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.tokens.safe_text import visible

if TYPE_CHECKING:
    from tokenexplorer.cognito.session import Session


def shown(text: str) -> str:
    """`text` with control, bidi and invisible characters made visible, line by line."""
    return "\n".join(visible(line) for line in str(text).split("\n"))


def shown_key(key: str) -> str:
    """One key or name on one line (its own newlines shown as \\n)."""
    return visible(str(key))


def session_username(session: Session | None) -> str:
    """The signed-in user's name as shown (server-given: bidi and controls made visible)."""
    from tokenexplorer.aws.renewal import session_name  # the one copy, shared with the core

    return session_name(session)
