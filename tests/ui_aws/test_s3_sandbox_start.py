"""The S3 tab on the app's own sandbox (real engine, its enforced guest role) opens at
public/, the one prefix its guests may list, not at the bucket root (AccessDenied)."""

from __future__ import annotations

import pytest

from tokenexplorer.aws.s3_browse import SANDBOX_START_PREFIX, BrowseState
from tokenexplorer.ui.aws.install import build_aws_ui
from tokenexplorer.ui.aws.s3_models import NAME

WAIT = 30_000


def test_the_start_prefix_matches_what_the_sandbox_seeds():
    from tokenexplorer.sandbox.seed_access import PUBLIC_PREFIX

    assert SANDBOX_START_PREFIX == PUBLIC_PREFIX
    browse = BrowseState()
    browse.reset("bucket", sandbox=True)
    assert browse.start_prefix == "public/"
    browse.reset("bucket")
    assert browse.start_prefix == ""


@pytest.fixture
def sandbox():
    from tokenexplorer.cognito.sandbox import start_sandbox

    running = start_sandbox()
    yield running
    running.stop()


def test_the_sandbox_bucket_opens_at_public_for_guests(qtbot, sandbox):
    from tokenexplorer.ui.state import AppState
    from tokenexplorer.ui.tasks import wait_for_all

    state = AppState()
    state.set_profile(sandbox.profile)
    ui = build_aws_ui(state)
    qtbot.addWidget(ui.credentials)
    qtbot.addWidget(ui.s3)
    panel = ui.s3
    try:
        with qtbot.waitSignal(panel.listing_finished, timeout=WAIT):
            panel.show()  # the first opening lists the profile's bucket by itself
        assert panel.prefix == "public/"
        assert not panel.error_label.isVisible(), panel.error_label.text()
        proxy = panel.proxy
        names = [proxy.index(row, NAME).data() for row in range(proxy.rowCount())]
        assert "welcome.txt" in names and "README.txt" in names
        assert ui.credentials.credentials is not None
        assert ui.credentials.credentials.kind == "guest"
        assert panel.up_button.isEnabled()  # the root is one step up, if the user wants it
    finally:
        wait_for_all(10_000)
        state.close()
