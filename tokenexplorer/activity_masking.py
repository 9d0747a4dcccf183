"""The Activity log with personal data masked: for the panel, its details and its export.

Entries are already redacted (no secret, no token); masking hides what identifies a person
(emails, usernames, identity IDs, account IDs, access key IDs) with the session's pseudonyms.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path

from tokenexplorer.activity import ActivityEntry
from tokenexplorer.atomic import write_text_atomic
from tokenexplorer.tokens.masking import Masker


def mask_entry(entry: ActivityEntry, masker: Masker) -> ActivityEntry:
    """A copy of `entry` with its endpoint, outcome, request and response masked."""
    return replace(
        entry,
        endpoint=masker.mask_text(entry.endpoint),
        outcome=masker.mask_text(entry.outcome),
        request=masker.mask_claims(entry.request),
        response=masker.mask_claims(entry.response),
    )


def export_entries_json(entries: list[ActivityEntry], path: Path) -> None:
    """`entries` written as JSON (the format of ActivityLog.export_json), atomically."""
    rows = [{**asdict(e), "time": e.time.isoformat()} for e in entries]
    write_text_atomic(path, json.dumps(rows, indent=2, default=str) + "\n", mode=0o600)


__all__ = ["export_entries_json", "mask_entry"]
