"""Masking applied to everything `decode` shows: claims, sources, checks, warnings, errors.

Claims are masked first so that the values they teach the Masker are also hidden in the
texts around them. The raw token becomes a placeholder: its segments encode the very
claims being hidden (base64url is no disguise).
"""

from __future__ import annotations

from dataclasses import replace

from tokenexplorer.tokens.analyse import Analysis
from tokenexplorer.tokens.masking import Masker
from tokenexplorer.tokens.model import (
    Candidate,
    DecodedToken,
    FindResult,
    Report,
    TokenDecodeError,
)

RAW_PLACEHOLDER = "[token masked: its segments encode personal data]"


def mask_token(token: DecodedToken, masker: Masker) -> DecodedToken:
    """The token with masked header and claims and its raw text replaced by a placeholder."""
    return replace(
        token,
        raw=RAW_PLACEHOLDER,
        signing_input=b"",
        header=masker.mask_claims(token.header),
        payload=None if token.payload is None else masker.mask_claims(token.payload),
        source=masker.mask_text(token.source),
        duplicate_names=tuple(masker.mask_text(name) for name in token.duplicate_names),
    )


def _mask_optional(masker: Masker, text: str | None) -> str | None:
    return None if text is None else masker.mask_text(text)


def _mask_report(report: Report, masker: Masker) -> Report:
    text = masker.mask_text
    signature = replace(report.signature, reason=text(report.signature.reason),
                        key_source=_mask_optional(masker, report.signature.key_source))
    return replace(report, token=mask_token(report.token, masker), signature=signature,
                   checks=[replace(c, detail=text(c.detail)) for c in report.checks],
                   warnings=[text(w) for w in report.warnings])


def mask_analysis(analysis: Analysis, masker: Masker | None = None) -> Analysis:
    """A masked copy of what `analyse_text` found; verification results are kept as they are."""
    masker = masker or Masker()
    reports = [_mask_report(report, masker) for report in analysis.reports]
    text = masker.mask_text
    found = FindResult(
        candidates=[Candidate(RAW_PLACEHOLDER, text(c.source)) for c in analysis.find.candidates],
        notices=[text(notice) for notice in analysis.find.notices],
        problem=_mask_optional(masker, analysis.find.problem),
        problem_code=analysis.find.problem_code,
    )
    errors = [(Candidate(RAW_PLACEHOLDER, text(candidate.source)),
               TokenDecodeError(error.segment, text(error.problem)))
              for candidate, error in analysis.errors]
    return Analysis(find=found, reports=reports, errors=errors)
