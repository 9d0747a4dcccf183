"""The gallery's samples: every index entry is there and each shows what its kind says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.keys import JwksFile
from tokenexplorer.tokens.model import SignatureStatus, TokenKind
from tokenexplorer.tokens.samples import KINDS, Sample, SampleError, sample_jwks_path, samples
from tokenexplorer.tokens.verify import VerifyOptions, resolve_keys, verify

NOW = 1_800_000_000.0  # 2027: after the expired sample, long before the others' exp (2100)
ROOT = Path(__file__).resolve().parents[2]


def report_of(sample: Sample):
    options = VerifyOptions(key_source=JwksFile(str(sample_jwks_path())), offline=True)
    token = decode(sample.text())
    return token, verify(token, resolve_keys(token, options), options, NOW)


def exp_ok(report) -> bool | None:
    return next(c.ok for c in report.checks if c.name == "exp")


def test_the_index_lists_every_kind_once_and_every_file_exists():
    entries = samples()
    assert sorted(e.kind for e in entries) == sorted(KINDS)
    for entry in entries:
        assert entry.title and entry.line and entry.text()


EXPECT = {
    "id": (TokenKind.ID, SignatureStatus.VALID),
    "access": (TokenKind.ACCESS, SignatureStatus.VALID),
    "m2m": (TokenKind.ACCESS, SignatureStatus.VALID),
    "federated": (TokenKind.ID, SignatureStatus.VALID),
    "identity-pool": (TokenKind.JWT, SignatureStatus.VALID),
    "expired": (TokenKind.ID, SignatureStatus.VALID),
    "tampered": (TokenKind.ID, SignatureStatus.INVALID),
    "alg-none": (TokenKind.ID, SignatureStatus.UNSECURED),
    "key-confusion": (TokenKind.ID, SignatureStatus.INVALID),
    "refresh": (TokenKind.REFRESH, SignatureStatus.NOT_CHECKED),
}


@pytest.mark.parametrize("kind", KINDS)
def test_each_sample_decodes_to_its_stated_kind(kind):
    sample = next(s for s in samples() if s.kind == kind)
    token, report = report_of(sample)
    assert (token.kind, report.signature.status) == EXPECT[kind], report.signature.reason
    payload = token.payload or {}
    if kind == "expired":
        assert exp_ok(report) is False
    elif kind != "refresh":
        assert exp_ok(report) is True
    if kind == "m2m":
        assert "username" not in payload and payload["sub"] == payload["client_id"]
    if kind == "federated":
        assert payload["identities"][0]["providerName"] == "Google"
    if kind == "identity-pool":
        assert payload["iss"] == "https://cognito-identity.amazonaws.com"
    sample_key = any(w.startswith("Signed with Token Explorer's SAMPLE key") for w in
                     report.warnings)
    assert sample_key == (report.signature.status is SignatureStatus.VALID)
    if kind == "alg-none":
        assert any("alg none" in w for w in report.warnings)
    if kind == "key-confusion":
        assert token.alg == "HS256"
        assert any(w.startswith("Key confusion attempt") for w in report.warnings)


def test_a_sample_cannot_point_outside_the_samples_folder():
    with pytest.raises(SampleError, match="outside"):
        Sample("../claims.json", "evil", "line", "id").text()
    with pytest.raises(SampleError, match="missing"):
        Sample("gallery/nope.jwt", "gone", "line", "id").text()


def test_the_generator_reproduces_the_committed_samples():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_samples.py"), "--check"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
