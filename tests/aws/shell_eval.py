"""Hostile values for shell-output tests, and `eval` of an output in a real bash."""

from __future__ import annotations

import os
import subprocess

from hypothesis import strategies as st

CANARY = "/tmp/tokenexplorer-shell-injection-canary"
_PIECES = [
    "\n", "\r\n", "'", '"', "\\", "$(touch {c})", "`touch {c}`", "; touch {c}", "&& touch {c}",
    "'$(touch {c})'", "\"; touch {c}; \"", "$HOME", "${PATH}", "-n", "--", "-e", "#", "!",
    "é", "日本", "\u202e", "\x1b]52;c;aGk=\x07", "\x7f", "\x85", " ", "\t", "=", "*", "~",
]
_piece = st.sampled_from(_PIECES).map(lambda p: p.replace("{c}", CANARY))
_no_nul = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
hostile = st.lists(st.one_of(_piece, st.text(_no_nul, max_size=8)), max_size=6).map("".join)
NAMES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
         "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL"]


def eval_in_bash(text: str) -> tuple[dict[str, str], set[str]]:
    """`eval` `text` in a clean bash; the AWS_* variables it set and every exported name."""
    script = ('eval "$OUT" || exit 99; for v in ' + " ".join(NAMES)
              + '; do if [ -n "${!v+x}" ]; then printf "%s=%s\\0" "$v" "${!v}"; fi; done; '
              'printf "\\0"; compgen -e')
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", script],
                          env={"OUT": text, "PATH": os.environ["PATH"]},
                          capture_output=True, timeout=20)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b"", done.stderr  # nothing else ran (no "command not found")
    values_part, exported = done.stdout.split(b"\0\0", 1) if b"\0\0" in done.stdout else (
        done.stdout.rstrip(b"\0"), done.stdout)
    values = {}
    for item in values_part.split(b"\0"):
        if item:
            name, _, value = item.decode("utf-8", "surrogateescape").partition("=")
            values[name] = value
    return values, set(exported.decode().split())
