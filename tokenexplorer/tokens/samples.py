"""The sample tokens of File → Samples, described by data (resources/samples/index.json).

Each entry names a file under resources/samples/, a title, one line saying what it shows
and its kind. The gallery's signed samples verify with `sample_jwks_path()` (a SAMPLE key
made by scripts/make_samples.py; see it for why the key is public). Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tokenexplorer.resources import load_json, resource_path

INDEX = ("samples", "index.json")
JWKS = ("samples", "gallery", "sample-jwks.json")
KINDS = ("id", "access", "refresh", "m2m", "federated", "identity-pool", "expired", "tampered",
         "alg-none", "key-confusion")
MAX_SAMPLE_BYTES = 64 * 1024  # a sample is one token: a bigger file is not one of ours


class SampleError(ValueError):
    """A sample that cannot be read (missing from this build, or not a sample file)."""


@dataclass(frozen=True)
class Sample:
    file: str  # relative to resources/samples/
    title: str
    line: str
    kind: str

    def path(self) -> Path:
        """The file, refused when the index points outside resources/samples/."""
        root = resource_path("samples").resolve()
        path = (root / self.file).resolve()
        if not path.is_relative_to(root):
            raise SampleError(f"sample {self.title!r} points outside the samples folder")
        return path

    def text(self) -> str:
        """The token, stripped; SampleError when the file is missing or too big."""
        try:
            path = self.path()
            if path.stat().st_size > MAX_SAMPLE_BYTES:
                raise SampleError(f"sample {self.title!r} is too big to be a token")
            return path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise SampleError(f"sample {self.title!r} is missing from this build "
                              f"({type(error).__name__})") from None


def samples() -> tuple[Sample, ...]:
    """Every sample of the index, in its order (entries of an unknown kind are skipped)."""
    document = load_json(*INDEX)
    entries = []
    for item in document.get("samples", []):
        if not isinstance(item, dict) or item.get("kind") not in KINDS:
            continue
        fields = [item.get(name) for name in ("file", "title", "line", "kind")]
        texts = [value for value in fields if isinstance(value, str) and value]
        if len(texts) == len(fields):
            entries.append(Sample(*texts))
    return tuple(entries)


def sample_jwks_path() -> Path:
    """The JWKS holding the SAMPLE key's public half: it verifies the gallery's samples."""
    return resource_path(*JWKS)


__all__ = ["KINDS", "Sample", "SampleError", "sample_jwks_path", "samples"]
