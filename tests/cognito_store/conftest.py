"""Fixtures for the profile store, keyring and sandbox tests."""

from __future__ import annotations

import os
import uuid

import pytest

from tokenexplorer import keyring_store
from tokenexplorer.cognito import profiles

NOWHERE_BUS = "unix:path=/nonexistent/tokenexplorer-test-bus"


@pytest.fixture(autouse=True)
def _clean_process_state():
    """Keyring status and in-memory secrets are per process: start and end each test clean."""
    profiles.forget_secrets_in_memory()
    yield
    profiles.forget_secrets_in_memory()


@pytest.fixture
def no_keyring():
    """This process with a D-Bus address that leads nowhere: no keyring is usable."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DBUS_SESSION_BUS_ADDRESS", NOWHERE_BUS)
        status = keyring_store.refresh_status()
        yield status
    keyring_store.refresh_status()


@pytest.fixture
def unique_name():
    """A profile name no other test (or earlier run in the same keyring) uses."""
    return f"test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def store(isolated_storage):
    config, _ = isolated_storage
    return profiles.ProfileStore(config / "profiles.json")


@pytest.fixture
def sample_profile(unique_name):
    return profiles.Profile(
        name=unique_name,
        region="eu-west-1",
        user_pool_id="eu-west-1_AbC123xyz",
        client_id="1example23456789abcdefghij",
        identity_pool_id="eu-west-1:0a1b2c3d-1111-2222-3333-444455556666",
        bucket="my-app-bucket",
        hosted_ui_domain="myapp.auth.eu-west-1.amazoncognito.com",
    )


def _files_containing(root, needle: str) -> list[str]:
    hits = []
    data = needle.encode()
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            try:
                with open(path, "rb") as handle:
                    if data in handle.read():
                        hits.append(path)
            except OSError:
                continue
    return hits


@pytest.fixture
def files_containing():
    """files_containing(root, needle): every file under root whose bytes contain needle."""
    return _files_containing
