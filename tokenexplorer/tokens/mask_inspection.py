"""The inspector's view of a token with personal data masked: Qt-free, so it is tested alone.

The window verifies the real token and shows this copy: the claims tree rebuilt from the
masked claims (every row, the details, a copied value), the source masked, the raw text
a placeholder (its base64url segments would spell the very values hidden).
"""

from __future__ import annotations

from dataclasses import replace

from tokenexplorer.tokens.explain import build_tree
from tokenexplorer.tokens.inspection import FoundToken, Message
from tokenexplorer.tokens.mask_report import RAW_PLACEHOLDER, mask_token
from tokenexplorer.tokens.masking import Masker
from tokenexplorer.tokens.model import Candidate, Check, Report, SignatureResult, TokenDecodeError


def mask_found(found: FoundToken, masker: Masker, now: float | None = None) -> FoundToken:
    """`found` as masking shows it: same verdicts, no personal value, no raw segments."""
    candidate = Candidate(RAW_PLACEHOLDER, masker.mask_text(found.candidate.source))
    error = found.error
    if error is not None:
        error = TokenDecodeError(error.segment, masker.mask_text(error.problem))
    if found.token is None:
        return FoundToken(candidate, error=error)
    token = replace(mask_token(found.token, masker), segments=())
    return FoundToken(candidate, token, error, build_tree(token, now))


def mask_messages(messages: list[Message], masker: Masker) -> list[Message]:
    return [(severity, masker.mask_text(text)) for severity, text in messages]


def mask_signature(signature: SignatureResult, masker: Masker) -> SignatureResult:
    source = signature.key_source
    return replace(signature, reason=masker.mask_text(signature.reason),
                   key_source=None if source is None else masker.mask_text(source))


def mask_checks(checks: list[Check], masker: Masker) -> list[Check]:
    return [replace(check, detail=masker.mask_text(check.detail)) for check in checks]


def mask_check_report(report: Report, masker: Masker) -> Report:
    """The verdict, checks and warnings of `report` masked (the token is not used here)."""
    return replace(report, signature=mask_signature(report.signature, masker),
                   checks=mask_checks(report.checks, masker),
                   warnings=[masker.mask_text(warning) for warning in report.warnings])


__all__ = ["RAW_PLACEHOLDER", "mask_check_report", "mask_checks", "mask_found",
           "mask_messages", "mask_signature"]
