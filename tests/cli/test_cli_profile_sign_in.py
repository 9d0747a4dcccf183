"""`profile add/edit --rotate-refresh-tokens --preferred-challenge`, in a subprocess: what
the file keeps, what `show` says, and that a replace without the flags keeps them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

from tokenexplorer.cognito.profiles import ProfileStore


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tokenexplorer", "profile", *args],
                          capture_output=True, text=True, timeout=60, env=dict(os.environ),
                          stdin=subprocess.DEVNULL)


@pytest.fixture
def name():
    name = f"signset-{uuid.uuid4().hex[:8]}"
    yield name
    _cli("remove", name)


def _saved(name: str):
    store = ProfileStore()
    store.load()
    return store.get(name)


def test_add_then_edit_the_sign_in_settings(name):
    added = _cli("add", "--name", name, "--user-pool-id", "eu-west-1_AbC123xyz",
                 "--client-id", "abcdefghijklmnopqrstuvwxyz", "--no-client-secret",
                 "--rotate-refresh-tokens", "--preferred-challenge", "email_otp")
    assert added.returncode == 0, added.stderr
    profile = _saved(name)
    assert profile.rotate_refresh_tokens and profile.preferred_challenge == "EMAIL_OTP"
    shown = json.loads(_cli("show", name, "--json").stdout)
    assert shown["rotate_refresh_tokens"] is True and shown["preferred_challenge"] == "EMAIL_OTP"

    replaced = _cli("add", "--name", name, "--user-pool-id", "eu-west-1_AbC123xyz",
                    "--client-id", "abcdefghijklmnopqrstuvwxyz", "--no-client-secret",
                    "--bucket", "my-bucket", "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert _saved(name).rotate_refresh_tokens and _saved(name).preferred_challenge == "EMAIL_OTP"

    edited = _cli("edit", name, "--no-rotate-refresh-tokens", "--preferred-challenge", "none")
    assert edited.returncode == 0, edited.stderr
    assert "do not rotate" in edited.stdout
    profile = _saved(name)
    assert not profile.rotate_refresh_tokens and profile.preferred_challenge is None
    assert profile.bucket == "my-bucket"  # edit changes only the sign-in settings
    text = _cli("show", name).stdout
    assert "first factor:" in text and "none preferred" in text


def test_edit_refuses_nonsense(name):
    assert _cli("add", "--name", name, "--user-pool-id", "eu-west-1_AbC123xyz",
                "--client-id", "abcdefghijklmnopqrstuvwxyz",
                "--no-client-secret").returncode == 0
    nothing = _cli("edit", name)
    assert nothing.returncode == 2 and "Nothing to change" in nothing.stderr
    wrong = _cli("edit", name, "--preferred-challenge", "WEB_AUTHN")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    missing = _cli("edit", f"{name}-none", "--rotate-refresh-tokens")
    assert missing.returncode == 1 and "No profile named" in missing.stderr
