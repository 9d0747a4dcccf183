"""How much work one input may cause: tokens examined, JWKS fetches, bytes read.

Input is hostile: a pasted log with ten thousand tokens, each naming another pool, or a
"file" that never ends (/dev/zero, a FIFO, a /proc file whose st_size says 0) must not hold
the window or the terminal. Each cap, when hit, is said in plain words.
"""

from __future__ import annotations

from typing import BinaryIO

MAX_INPUT_BYTES = 20 * 1024 * 1024  # a token file or pasted text; tokens are kilobytes
MAX_TOKENS_PER_INPUT = 100
MAX_KEY_FILE_BYTES = 1_000_000  # a JWKS, PEM or JWK file: kilobytes (as a fetched JWKS)
MAX_JWKS_FETCHES_PER_RUN = 5  # distinct key sets fetched for one input (CLI run)

TOKENS_CAPPED = (f"The input holds more than {MAX_TOKENS_PER_INPUT} tokens: only the first "
                 f"{MAX_TOKENS_PER_INPUT} were examined.")


def fetches_capped(skipped: int) -> str:
    """The notice for tokens whose keys were not fetched because the fetch cap was hit."""
    return (f"Fetched signing keys {MAX_JWKS_FETCHES_PER_RUN} times for this input, the most "
            f"one input may cause: {skipped} more token(s) were checked with cached keys only.")


class InputTooLarge(ValueError):
    """More than the limit could be read; the message says so in plain words."""


def size_words(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit:,} bytes"


def read_bounded(stream: BinaryIO, limit: int = MAX_INPUT_BYTES, name: str = "the input",
                 purpose: str = "token input") -> bytes:
    """At most `limit` bytes from `stream`, whatever it claims its size is; InputTooLarge
    when there is more (at most limit + 1 bytes are ever read)."""
    chunks: list[bytes] = []
    remaining = limit + 1
    while remaining > 0:
        chunk = stream.read(min(remaining, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    data = b"".join(chunks)
    if len(data) > limit:
        raise InputTooLarge(f"{name} holds more than {size_words(limit)}: too large for "
                            f"{purpose} (the limit is {size_words(limit)}); nothing was read")
    return data


def read_key_file(path: str) -> str:
    """A key or JWKS file's text, at most MAX_KEY_FILE_BYTES however large it says it is
    (/dev/zero says 0); InputTooLarge past that, UnicodeDecodeError when it is not UTF-8."""
    import os

    with open(os.path.expanduser(path), "rb") as handle:
        return read_bounded(handle, MAX_KEY_FILE_BYTES, path, "a key file").decode("utf-8")
