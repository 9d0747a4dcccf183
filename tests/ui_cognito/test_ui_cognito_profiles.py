"""The pool configuration pane: validation as you type, add/rename/duplicate/delete persisted."""

from __future__ import annotations

import json

import pytest

from tests.ui_cognito.conftest import find
from tokenexplorer.cognito.profiles import Profile, ProfileStore
from tokenexplorer.ui.cognito.profile_pane import ProfilePane
from tokenexplorer.ui.qt import Qt


@pytest.fixture
def store():
    return ProfileStore()


@pytest.fixture
def pane(qtbot, state, store):
    store.put(Profile("Work", "eu-west-1", "eu-west-1_AbC123", "abcdef123456"))
    widget = ProfilePane(state, store)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def note(pane, name):
    return find(pane, f"{name} message", visible=False)


def test_bad_pool_id_gives_inline_error_as_you_type(qtbot, pane):
    pool = find(pane, "User pool ID")
    pool.clear()
    qtbot.keyClicks(pool, "eu-west-1 AbC")
    assert note(pane, "User pool ID").isVisible()
    assert note(pane, "User pool ID").level == "error"
    assert "region, an underscore" in note(pane, "User pool ID").text()
    assert not find(pane, "Save profile").isEnabled()
    pool.clear()
    qtbot.keyClicks(pool, "eu-west-1_AbC999")
    assert not note(pane, "User pool ID").isVisible()
    assert find(pane, "Save profile").isEnabled()


def test_region_filled_from_pool_id_and_mismatch_warns(qtbot, pane):
    assert pane.add_profile("Fresh")
    qtbot.keyClicks(find(pane, "User pool ID"), "ap-south-1_Xyz")
    assert find(pane, "Region").text() == "ap-south-1"
    assert not note(pane, "Region").isVisible()
    region = find(pane, "Region")
    region.clear()
    qtbot.keyClicks(region, "us-east-2")
    assert note(pane, "Region").isVisible()
    assert note(pane, "Region").level == "warning"
    assert "ap-south-1" in note(pane, "Region").text()
    # A warning does not block saving once the client ID is there.
    qtbot.keyClicks(find(pane, "App client ID"), "client123")
    assert find(pane, "Save profile").isEnabled()


def test_add_save_rename_duplicate_delete_persist(qtbot, pane, store, isolated_storage):
    config_dir, _ = isolated_storage
    assert pane.add_profile("Second")
    qtbot.keyClicks(find(pane, "User pool ID"), "us-east-1_Second1")
    qtbot.keyClicks(find(pane, "App client ID"), "secondclient")
    qtbot.keyClicks(find(pane, "Endpoint URL"), "http://127.0.0.1:9229")
    qtbot.mouseClick(find(pane, "Save profile"), Qt.MouseButton.LeftButton)
    saved = json.loads((config_dir / "profiles.json").read_text())
    second = next(p for p in saved["profiles"] if p["name"] == "Second")
    assert second["region"] == "us-east-1" and second["endpoint_url"] == "http://127.0.0.1:9229"
    assert pane.state.profile.name == "Second"

    with qtbot.waitSignal(pane.store_changed, timeout=10000):
        pane.manager.rename_current("Renamed")
    assert ProfileStore().names() == ["Renamed", "Work"]
    assert find(pane, "Profile").currentData() == "Renamed"

    with qtbot.waitSignal(pane.store_changed, timeout=10000):
        pane.manager.duplicate_current("Copy")
    assert sorted(ProfileStore().names()) == ["Copy", "Renamed", "Work"]

    with qtbot.waitSignal(pane.store_changed, timeout=10000):
        pane.manager.delete_current()
    assert sorted(ProfileStore().names()) == ["Renamed", "Work"]
    assert ProfileStore().last_used in ("Renamed", "Work", None)


def test_duplicate_name_refused_inline(pane):
    assert not pane.add_profile("Work")
    assert "already exists" in pane.banner.text()


def test_last_used_restored(qtbot, state, store):
    store.put(Profile("A", "us-east-1", "us-east-1_Aaa", "clienta"))
    store.put(Profile("B", "us-east-1", "us-east-1_Bbb", "clientb"))
    first = ProfilePane(state, store)
    qtbot.addWidget(first)
    first.select("B")
    second = ProfilePane(state, ProfileStore())
    qtbot.addWidget(second)
    assert second.current.name == "B"


def test_sandbox_profile_shows_emulator_label(qtbot, state, store):
    store.put(Profile("Sandbox", "us-east-1", "us-east-1_Sand", "sandclient",
                      endpoint_url="http://127.0.0.1:5000", is_sandbox=True))
    pane = ProfilePane(state, store)
    qtbot.addWidget(pane)
    pane.show()
    assert find(pane, "Emulator warning").isVisible()
    assert "forge" in pane.badge_text.text()
    store.put(Profile("Real", "eu-west-1", "eu-west-1_Real", "realclient"))
    pane.reload(select="Real")
    assert not pane.badge_box.isVisible()


def test_client_secret_never_in_file_and_location_shown(qtbot, pane, isolated_storage):
    config_dir, _ = isolated_storage
    secret_edit = find(pane, "Client secret")
    qtbot.keyClicks(secret_edit, "top-secret-value-123")
    with qtbot.waitSignal(pane.secret_stored, timeout=10000) as blocker:
        qtbot.mouseClick(find(pane, "Save profile"), Qt.MouseButton.LeftButton)
    location = blocker.args[0]
    assert location in ("keyring", "memory")
    text = (config_dir / "profiles.json").read_text()
    assert "top-secret-value-123" not in text
    assert json.loads(text)["profiles"][0]["has_client_secret"] is True
    storage = find(pane, "Client secret storage").text()
    assert ("Kept in memory only" in storage) if location == "memory" else ("keyring" in storage)
    assert secret_edit.text() == ""


def test_forget_client_secret_removes_it_and_says_so(qtbot, pane, store):
    qtbot.keyClicks(find(pane, "Client secret"), "top-secret-value-123")
    with qtbot.waitSignal(pane.secret_stored, timeout=10000):
        qtbot.mouseClick(find(pane, "Save profile"), Qt.MouseButton.LeftButton)
    assert store.get("Work").has_client_secret
    forget = find(pane, "Forget client secret")
    with qtbot.waitSignal(pane.secret_stored, timeout=10000) as blocker:
        qtbot.mouseClick(forget, Qt.MouseButton.LeftButton)
    assert blocker.args == ["none"]
    assert not store.get("Work").has_client_secret
    assert not pane.state.profile.has_client_secret
    assert find(pane, "Client secret storage").text() == "No client secret stored for this profile."
    assert not forget.isVisible()


def test_revert_puts_back_the_saved_values(qtbot, pane):
    bucket = find(pane, "Bucket")
    qtbot.keyClicks(bucket, "some-bucket")
    revert = find(pane, "Revert profile")
    assert revert.isEnabled() and find(pane, "Save profile").isEnabled()
    qtbot.mouseClick(revert, Qt.MouseButton.LeftButton)
    assert bucket.text() == ""
    assert not revert.isEnabled() and not find(pane, "Save profile").isEnabled()


def test_amplify_import_fills_a_draft(qtbot, pane, tmp_path):
    config = tmp_path / "amplifyconfiguration.json"
    config.write_text(json.dumps({
        "aws_project_region": "eu-central-1",
        "aws_user_pools_id": "eu-central-1_Amp123",
        "aws_user_pools_web_client_id": "ampclient123",
        "aws_cognito_identity_pool_id": "eu-central-1:0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f",
    }))
    assert pane.manager.import_amplify(config, "Amplified")
    assert find(pane, "User pool ID").text() == "eu-central-1_Amp123"
    assert find(pane, "Identity pool ID").text().startswith("eu-central-1:")
    qtbot.mouseClick(find(pane, "Save profile"), Qt.MouseButton.LeftButton)
    assert ProfileStore().get("Amplified").client_id == "ampclient123"


def test_corrupt_profiles_file_reported(qtbot, state, isolated_storage):
    config_dir, _ = isolated_storage
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "profiles.json").write_text("{not json")
    pane = ProfilePane(state, ProfileStore())
    qtbot.addWidget(pane)
    pane.show()
    assert pane.banner.isVisible() and "kept as" in pane.banner.text()
    assert find(pane, "Get started").isVisible()


def test_first_run_offers_the_sandbox_and_add_a_pool(qtbot, state, store):
    pane = ProfilePane(state, store)
    qtbot.addWidget(pane)
    pane.show()
    assert find(pane, "Get started").isVisible()
    start = find(pane, "Start the sandbox")
    assert "no AWS account" in start.text() and start.isEnabled()
    with qtbot.waitSignal(pane.start_sandbox_requested, timeout=1000):
        qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    pane.manager.ask_text = lambda *args: "Mine"
    qtbot.mouseClick(find(pane, "Add a pool"), Qt.MouseButton.LeftButton)
    # The form for the new pool replaces the welcome; no empty, disabled form before that.
    assert not find(pane, "Get started", visible=False).isVisible()
    assert find(pane, "User pool ID").isEnabled()


def test_new_profile_shows_in_the_combo_and_errors_wait_for_typing(qtbot, pane):
    assert pane.add_profile("work")
    combo = find(pane, "Profile")
    assert combo.currentText().startswith("work") and "not saved" in combo.currentText()
    # Nothing typed yet: no red notes, even though the empty IDs are not valid.
    assert not note(pane, "User pool ID").isVisible()
    assert not note(pane, "App client ID").isVisible()
    qtbot.keyClicks(find(pane, "User pool ID"), "bad id")
    assert note(pane, "User pool ID").isVisible()
    assert not note(pane, "App client ID").isVisible()
    pane.save()  # Save shows every problem
    assert note(pane, "App client ID").isVisible()


def test_switching_away_from_an_unsaved_profile_asks(qtbot, pane, store):
    store.put(Profile("Other", "eu-west-1", "eu-west-1_Other1", "otherclient1"))
    pane.reload(select="Work")
    assert pane.add_profile("draft")
    combo = find(pane, "Profile")
    asked = []
    pane.confirm_discard = lambda title, text: asked.append(text) or False
    combo.setCurrentIndex(combo.findData("Other"))
    assert asked and "draft" in asked[0]
    assert pane.has_unsaved_draft() and "draft" in combo.currentText()
    pane.confirm_discard = lambda title, text: True
    combo.setCurrentIndex(combo.findData("Other"))
    assert not pane.has_unsaved_draft()
    assert pane.current.name == "Other" and "draft" not in pane.profile_names()


def test_closing_the_window_with_an_unsaved_profile_asks(qtbot, state, store):
    from tokenexplorer.ui.cognito.install import install_cognito_ui
    from tokenexplorer.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    ui = install_cognito_ui(window, state, store)
    window.show()
    assert ui.profile_pane.add_profile("unsaved")
    ui.profile_pane.confirm_discard = lambda title, text: False
    assert not window.close()
    assert window.isVisible()
    ui.profile_pane.confirm_discard = lambda title, text: True
    assert window.close()


def test_keyring_banner_says_it_once_with_details(qtbot, no_keyring):
    from tokenexplorer.ui.cognito.keyring_banner import KeyringBanner

    banner = KeyringBanner()
    qtbot.addWidget(banner)
    banner.show()
    qtbot.waitUntil(lambda: banner.status is not None, timeout=10000)
    assert "No secure keyring" in banner.label.text()
    reason = find(banner, "Keyring reason", visible=False)
    assert not reason.isVisible()  # the technical reason waits behind Details
    assert "No secure keyring" not in reason.text() and "D-Bus" in reason.text()
    assert "D-Bus" in banner.label.toolTip()
    qtbot.mouseClick(find(banner, "Keyring details"), Qt.MouseButton.LeftButton)
    assert reason.isVisible()


def test_name_dialog_is_wide_enough_for_its_title(qtbot, pane):
    dialog = pane.manager.name_dialog("Add profile", "Name of the new profile:", "My pool")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    title_width = dialog.fontMetrics().horizontalAdvance("Add profile")
    assert dialog.width() >= max(340, title_width + 150)
    assert dialog.textValue() == "My pool"


def test_no_profile_button_is_cut_off_in_a_narrow_pool_dock(qtbot, store):
    """At 1024×768 the Pool dock is narrow: the buttons wrap instead of running off its edge."""
    from tokenexplorer.ui.app import install_panels
    from tokenexplorer.ui.main_window import MainWindow

    store.put(Profile("Work", "eu-west-1", "eu-west-1_AbC123", "abcdef123456"))
    window = MainWindow(remember_layout=False)
    qtbot.addWidget(window)
    app_state = install_panels(window)  # as the app does, with its first-run dock sizes
    ui = window.cognito_ui
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    ui.profile_pane.show_details(True)  # a complete profile opens folded
    viewport = ui.pool_widget.viewport()
    qtbot.waitUntil(lambda: ui.pool_widget.width() <= 360, timeout=3000)
    try:
        for name in ("Add profile", "Rename profile", "Duplicate profile", "Delete profile",
                     "Import Amplify config", "Start sandbox", "Revert profile",
                     "Save profile"):
            button = find(ui.profile_pane, name)
            left = button.mapTo(viewport, button.rect().topLeft()).x()
            right = button.mapTo(viewport, button.rect().topRight()).x()
            assert left >= 0 and right < viewport.width(), f"{name}: {left}..{right}"
    finally:
        app_state.close()
