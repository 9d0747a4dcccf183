"""Per-platform choices that tests on Linux can reach with the platform's rules simulated:
the keyring backend each system uses (and that none falls back to another system's or to a
plaintext file)."""

from __future__ import annotations

import sys

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
        keyring_store.save_client_secret("platform-test", "s3cret")
