"""Per-platform choices that tests on Linux can reach with the platform's rules simulated:
the keyring backend each system uses (and that none falls back to another system's or to a
plaintext file), and the file names the app writes, checked with Windows rules."""

from __future__ import annotations

import sys
from pathlib import PureWindowsPath

import pytest

from tokenexplorer import keyring_store

EXPECTED = {
    "linux": ("Secret Service", "keyring.backends.SecretService", "Keyring"),
    "freebsd14": ("Secret Service", "keyring.backends.SecretService", "Keyring"),
    "darwin": ("macOS Keychain", "keyring.backends.macOS", "Keyring"),
    "win32": ("Windows Credential Locker", "keyring.backends.Windows", "WinVaultKeyring"),
}


@pytest.fixture
def restore_status():
    yield
    keyring_store.refresh_status()


@pytest.mark.parametrize("platform", sorted(EXPECTED))
def test_each_system_gets_only_its_own_secure_backend(monkeypatch, platform):
    monkeypatch.setattr(sys, "platform", platform)
    candidates = keyring_store._candidates()
    human, module, cls = EXPECTED[platform]
    assert [name for name, _ in candidates] == [human]
    if platform == "darwin":  # its module needs macOS-only parts of the stdlib to import
        return
    (_, load), = candidates
    loaded = load()
    assert (loaded.__module__, loaded.__name__) == (module, cls)


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_another_systems_backend_is_reported_unusable_never_replaced(
    monkeypatch, restore_status, platform
):
    # Here (Linux) the simulated system's backend cannot work: the status must say so and
    # name it, not pick the Secret Service that is running, nor keyrings.alt's files.
    monkeypatch.setattr(sys, "platform", platform)
    status = keyring_store.refresh_status()
    assert (status.usable, status.backend, status.is_system) == (False, "none", False)
    assert f"{EXPECTED[platform][0]}:" in status.reason
    assert "Secret Service" not in status.reason
    with pytest.raises(keyring_store.KeyringUnavailable):
        keyring_store.save_client_secret("platform-test", "s3cret", target={
            "endpoint": "aws", "region": "us-east-1", "pool": "us-east-1_AbCdEf123",
            "client": "clientabc123"})


WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                    *(f"LPT{i}" for i in range(1, 10))}


def _windows_problems(relative: str) -> list[str]:
    """Why `relative` (a path under the app's folders) could not be created on Windows."""
    problems = []
    path = PureWindowsPath(relative)
    if path.is_absolute() or path.drive:
        problems.append("not relative")
    for part in path.parts:
        if set(part) & set('<>:"|?*') or any(ord(c) < 32 for c in part):
            problems.append(f"{part!r}: a character Windows forbids")
        if part.split(".", 1)[0].upper() in WINDOWS_RESERVED:
            problems.append(f"{part!r}: a reserved device name")
        if part.endswith((" ", ".")):
            problems.append(f"{part!r}: ends with a space or dot")
    if len(relative) > 120:  # leaves room below MAX_PATH (260) for %LOCALAPPDATA%\tokenexplorer
        problems.append("too long")
    return problems


@pytest.mark.parametrize("url", [
    "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC/.well-known/jwks.json",
    "http://127.0.0.1:5000/us-east-1_x/.well-known/jwks.json?a=<b>|c:*",
    "https://example.com/" + "CON/" * 50,
])
def test_cache_files_named_from_urls_are_valid_windows_names(tmp_path, monkeypatch, url):
    from tokenexplorer.tokens import jwks

    monkeypatch.setenv("TOKENEXPLORER_CACHE_DIR", str(tmp_path))
    relative = jwks._cache_path(url).relative_to(tmp_path).as_posix()
    assert _windows_problems(relative) == []


def test_the_apps_own_file_names_are_valid_on_windows():
    from tokenexplorer import windowed
    from tokenexplorer.cognito import profiles
    from tokenexplorer.ui import main_window

    names = [profiles.FILE_NAME, main_window.LAYOUT_FILE, windowed.LOG_NAME,
             f".{profiles.FILE_NAME}.abc123.tmp"]  # atomic.py's temporary name
    assert {name: _windows_problems(name) for name in names} == {name: [] for name in names}
    assert _windows_problems("jwks/CON.json") and _windows_problems("a:b.json")
