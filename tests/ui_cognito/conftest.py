"""Fixtures for the Cognito UI tests: a seeded emulator, an AppState, widget lookup by name."""

from __future__ import annotations

import pytest

from tokenexplorer.ui.qt import QtWidgets


def find(root: QtWidgets.QWidget, name: str, kind: type = QtWidgets.QWidget,
         *, visible: bool = True) -> QtWidgets.QWidget:
    """The one widget under `root` with this accessible name (visible ones only by default)."""
    matches = [w for w in root.findChildren(kind) if w.accessibleName() == name
               and (w.isVisible() or not visible)]
    if len(matches) != 1:
        raise AssertionError(f"{len(matches)} widgets named {name!r} under {root!r}")
    return matches[0]


@pytest.fixture
def state(qtbot):
    from tokenexplorer.ui.state import AppState

    app_state = AppState()
    yield app_state
    app_state.close()


@pytest.fixture
def seeded(engine_endpoint):
    """A pool, client, demo user, identity pool and bucket on a fresh engine
    (tests/engine_world: the tests' own set-up, not the app's sandbox)."""
    from tests.engine_world import make_world

    return make_world(engine_endpoint)


@pytest.fixture
def profile(seeded):
    return seeded.profile()


@pytest.fixture
def idp(engine_endpoint):
    """An admin cognito-idp client on the emulator (to set up users for a test)."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "cognito-idp", endpoint_url=engine_endpoint, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1}),
    )


@pytest.fixture
def no_keyring(monkeypatch):
    """A session with no reachable Secret Service (the "no usable keyring" state)."""
    from tokenexplorer import keyring_store
    from tokenexplorer.ui.cognito import keyring_banner

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/te-test-bus")
    keyring_banner.forget_probe()
    status = keyring_store.refresh_status()
    assert not status.usable
    yield status
    monkeypatch.undo()
    keyring_banner.forget_probe()
    keyring_store.refresh_status()


@pytest.fixture(autouse=True)
def _fresh_keyring_probe():
    from tokenexplorer.ui.cognito import keyring_banner

    keyring_banner.forget_probe()
    yield
    from tokenexplorer.ui.tasks import wait_for_all

    wait_for_all(20000)
