"""Which `keyring` backends Token Explorer uses, and how one is opened.

Only the platform's own secure store: Secret Service on Linux/BSD, the macOS Keychain, the
Windows Credential Locker; never keyring's automatic choice (which could pick a plaintext
backend). `keyring_store` decides what is stored; this module only finds the store.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend


class Backend(Protocol):
    """The three calls we make on a `keyring` backend (SecretService, macOS, Windows)."""

    def get_password(self, service: str, username: str) -> str | None: ...
    def set_password(self, service: str, username: str, password: str) -> None: ...
    def delete_password(self, service: str, username: str) -> None: ...


def _secret_service_class() -> type[KeyringBackend]:
    from keyring.backends import SecretService

    return SecretService.Keyring


def _macos_class() -> type[KeyringBackend]:
    from keyring.backends import macOS

    return macOS.Keyring


def _windows_class() -> type[KeyringBackend]:
    from keyring.backends import Windows

    return Windows.WinVaultKeyring


# (human name, loader) tried in order; the first usable one wins. The imports are written
# out (not by name) so that PyInstaller bundles exactly these backends.
def candidates() -> list[tuple[str, Callable[[], type[KeyringBackend]]]]:
    if sys.platform == "darwin":
        return [("macOS Keychain", _macos_class)]
    if sys.platform == "win32":
        return [("Windows Credential Locker", _windows_class)]
    # Secret Service is spoken by GNOME Keyring, KeePassXC and (Plasma >= 5.97) KWallet.
    return [("Secret Service", _secret_service_class)]


def open_backend(load_class: Callable[[], type[KeyringBackend]], service: str) -> Backend:
    backend_class = load_class()
    priority = backend_class.priority  # raises when the backend cannot work here
    if not priority or priority <= 0:
        raise RuntimeError("not available on this system")
    backend = backend_class()
    # A read of an entry that does not exist: needs the keyring unlocked, writes nothing.
    backend.get_password(service, "probe/unlocked")
    return backend
