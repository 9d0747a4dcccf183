"""The keyring banner when the probe itself fails: unusable, said in the one translator's
words, never with the exception's own text (a D-Bus error may quote an argument)."""

from __future__ import annotations

import pytest

from tests.ui_cognito.conftest import find
from tokenexplorer import keyring_store


def banner_after_failing_probe(qtbot, monkeypatch, exc):
    from tokenexplorer.ui.cognito.keyring_banner import KeyringBanner

    def failing() -> keyring_store.KeyringStatus:
        raise exc

    monkeypatch.setattr(keyring_store, "keyring_status", failing)
    banner = KeyringBanner()
    qtbot.addWidget(banner)
    banner.show()
    qtbot.waitUntil(lambda: banner.status is not None, timeout=10000)
    return banner


@pytest.mark.parametrize("exc", [RuntimeError("org.freedesktop.Secret s3cr3t-value"),
                                 ValueError("s3cr3t-value")])
def test_an_unexpected_probe_failure_is_named_by_kind_only(qtbot, monkeypatch, exc):
    banner = banner_after_failing_probe(qtbot, monkeypatch, exc)
    assert not banner.status.usable
    assert "No secure keyring" in banner.label.text()
    reason = find(banner, "Keyring reason", visible=False).text()
    assert reason == f"The keyring could not be checked ({type(exc).__name__})."
    shown = " ".join([banner.label.text(), banner.label.toolTip(), reason,
                      banner.label.accessibleDescription()])
    assert "s3cr3t" not in shown


def test_a_keyring_error_keeps_its_plain_words(qtbot, monkeypatch):
    error = keyring_store.KeyringUnavailable("The keyring is locked and was not unlocked.")
    banner = banner_after_failing_probe(qtbot, monkeypatch, error)
    assert banner.status.reason == "The keyring is locked and was not unlocked."
    assert find(banner, "Check keyring again").isVisible()
