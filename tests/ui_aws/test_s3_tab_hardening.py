"""The S3 tab against moto over HTTP: bidi/control-character spoofing of keys and profile
names, path traversal and silent overwrites through the Download button, and the tab's
small frictions (listed on first open, the presigned URL shown, no "up" at the root)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tokenexplorer.aws.downloads import Choice
from tokenexplorer.ui.aws.install import build_aws_ui
from tokenexplorer.ui.aws.s3_models import NAME
from tokenexplorer.ui.qt import Qt, QtWidgets

LEFT = Qt.MouseButton.LeftButton
WAIT = 10_000
SPOOF = "invoice\u202etxt.exe"  # reads "invoiceexe.txt" when shown raw
CONTROL = "bell\x07\x1b]52;c;x\x07\x9b.txt"


def find(widget, cls, name):
    found = [w for w in widget.findChildren(cls) if w.accessibleName() == name]
    assert len(found) == 1, f"expected one {cls.__name__} named {name!r}, found {len(found)}"
    return found[0]


def names(panel):
    return [panel.proxy.index(r, NAME).data() for r in range(panel.proxy.rowCount())]


@pytest.fixture
def app_state(app_state, sandbox_info):
    """The tests' world lets guests list its whole bucket, so these tests, which start at
    the bucket root, use it as a plain emulator profile (an is_sandbox profile opens at
    public/, all the app's sandbox lets guests list: tests/ui_aws/test_s3_sandbox_start.py)."""
    import dataclasses

    app_state.set_profile(dataclasses.replace(sandbox_info.profile(), is_sandbox=False))
    return app_state


@pytest.fixture
def panel(qtbot, app_state):
    ui = build_aws_ui(app_state)
    qtbot.addWidget(ui.credentials)
    qtbot.addWidget(ui.s3)
    ui.s3.resize(900, 600)
    return ui.s3


def show_and_list(qtbot, panel):
    with qtbot.waitSignal(panel.listing_finished, timeout=WAIT):
        panel.show()  # the first opening lists the profile's bucket by itself


def wait_action(qtbot, panel, name, action):
    with qtbot.waitSignal(panel.action_finished, timeout=WAIT,
                          check_params_cb=lambda what: what == name):
        action()


def no_raw_danger(text: str) -> bool:
    return not any(c in text for c in ("\u202e", "\x07", "\x1b", "\x9b"))


def test_the_profile_bucket_is_listed_when_the_tab_is_first_opened(qtbot, panel):
    assert panel.model.rowCount() == 0
    show_and_list(qtbot, panel)
    assert "README.txt" in names(panel)


def test_up_is_disabled_at_the_bucket_root(qtbot, panel):
    show_and_list(qtbot, panel)
    up = find(panel, QtWidgets.QToolButton, "Up one level")
    assert not up.isEnabled()
    with qtbot.waitSignal(panel.listing_finished, timeout=WAIT):
        panel.navigate("docs/")
    assert up.isEnabled()
    with qtbot.waitSignal(panel.listing_finished, timeout=WAIT):
        qtbot.mouseClick(up, LEFT)
    assert panel.prefix == "" and not up.isEnabled()


def test_the_presigned_url_is_shown_as_selectable_read_only_text(qtbot, panel):
    show_and_list(qtbot, panel)
    panel.select_keys(["hello.json"])
    wait_action(qtbot, panel, "presigned", lambda: qtbot.mouseClick(
        find(panel, QtWidgets.QPushButton, "Copy presigned URL"), LEFT))
    field = find(panel, QtWidgets.QLineEdit, "Presigned URL")
    assert field.isVisible() and field.isReadOnly()
    assert field.text() == QtWidgets.QApplication.clipboard().text() == panel.last_url
    field.setFocus()
    field.selectAll()
    assert field.selectedText() == panel.last_url


def test_bidi_spoofing_keys_are_escaped_everywhere_in_the_tab(qtbot, panel, s3_client,
                                                              sandbox_info, tmp_path):
    bucket = sandbox_info.bucket
    for key in (f"spoof\u202e/{SPOOF}", f"spoof\u202e/{CONTROL}"):
        s3_client.put_object(Bucket=bucket, Key=key, Body=b"x")
    show_and_list(qtbot, panel)
    assert "spoof⟨U+202E⟩/" in names(panel)
    with qtbot.waitSignal(panel.listing_finished, timeout=WAIT):
        panel.navigate("spoof\u202e/")
    shown = names(panel)
    assert "invoice⟨U+202E⟩txt.exe" in shown and all(no_raw_danger(n) for n in shown)
    crumbs = [b.text() for b in find(panel, QtWidgets.QWidget, "Breadcrumb").buttons]
    assert "spoof⟨U+202E⟩" in crumbs and all(no_raw_danger(t) for t in crumbs)
    assert no_raw_danger(find(panel, QtWidgets.QLineEdit, "Prefix").text())
    assert no_raw_danger(find(panel, QtWidgets.QLabel, "Listing status").text())
    # Enter in the (escaped) prefix field still lists the real prefix.
    with qtbot.waitSignal(panel.listing_finished, timeout=WAIT):
        qtbot.keyClick(find(panel, QtWidgets.QLineEdit, "Prefix"), Qt.Key.Key_Return)
    assert panel.prefix == "spoof\u202e/" and len(names(panel)) == 2
    asked = []
    panel.confirm = lambda title, text: asked.append(text) and False
    panel.select_keys([f"spoof\u202e/{SPOOF}", f"spoof\u202e/{CONTROL}"])
    panel.delete()
    assert asked and no_raw_danger(asked[0]) and "⟨U+202E⟩" in asked[0]
    panel.choose_download_folder = lambda: str(tmp_path)
    wait_action(qtbot, panel, "download", panel.download)
    texts = [row.title_label.text() for row in panel.transfers.rows]
    texts += [row.title_label.toolTip() for row in panel.transfers.rows]
    texts.append(find(panel, QtWidgets.QLabel, "S3 note").text())
    assert all(no_raw_danger(t) for t in texts)
    model_tips = [panel.proxy.index(r, NAME).data(Qt.ItemDataRole.ToolTipRole)
                  for r in range(panel.proxy.rowCount())]
    assert all(no_raw_danger(t) for t in model_tips)


def test_bidi_spoofing_profile_names_are_escaped_in_the_profile_combo(qtbot, app_state):
    from tokenexplorer.cognito.profiles import Profile, ProfileStore
    from tokenexplorer.ui.cognito.profile_pane import ProfilePane

    store = ProfileStore()
    store.put(Profile("Work\u202eevil", "eu-west-1", "eu-west-1_AbC123", "abcdef123456"))
    pane = ProfilePane(app_state, store)
    qtbot.addWidget(pane)
    combo = find(pane, QtWidgets.QComboBox, "Profile")
    items = [combo.itemText(i) for i in range(combo.count())]
    assert "Work⟨U+202E⟩evil" in items and all(no_raw_danger(t) for t in items)
    assert combo.itemData(items.index("Work⟨U+202E⟩evil")) == "Work\u202eevil"


def test_path_traversal_folder_download_from_the_tab_stays_inside(qtbot, panel, s3_client,
                                                                  sandbox_info, tmp_path):
    bucket = sandbox_info.bucket
    hostile = ["drop/ok.txt", "drop/../../../../escape.txt", "drop/..\\..\\win.txt",
               "drop/C:\\Windows\\x.dll", "drop/CON", "drop/sub/deep.txt"]
    for key in hostile:
        s3_client.put_object(Bucket=bucket, Key=key, Body=b"payload")
    show_and_list(qtbot, panel)
    dest = tmp_path / "dest"
    dest.mkdir()
    panel.choose_download_folder = lambda: str(dest)
    panel.select_keys(["drop/"])
    wait_action(qtbot, panel, "download", lambda: qtbot.mouseClick(
        find(panel, QtWidgets.QPushButton, "Download"), LEFT))
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert len(files) == len(hostile)
    for path in files:
        assert Path(os.path.realpath(path)).is_relative_to(dest.resolve())
    assert (dest / "drop" / "sub" / "deep.txt").read_bytes() == b"payload"
    assert (dest / "drop" / "_CON").is_file()


@pytest.mark.parametrize(("answer", "expected"), [
    ((Choice.SKIP, False), {"README.txt": b"mine"}),
    ((Choice.REPLACE, False), {"README.txt": None}),
    ((Choice.KEEP_BOTH, False), {"README.txt": b"mine", "README (1).txt": None}),
    (None, {"README.txt": b"mine"}),
])
def test_silent_overwrite_the_tab_asks_before_replacing(qtbot, panel, s3_client, sandbox_info,
                                                        tmp_path, answer, expected):
    body = s3_client.get_object(Bucket=sandbox_info.bucket, Key="README.txt")["Body"].read()
    (tmp_path / "README.txt").write_bytes(b"mine")
    show_and_list(qtbot, panel)
    asked = []
    panel.ask_overwrite = lambda item, remaining: asked.append(item.target.name) or answer
    panel.choose_download_folder = lambda: str(tmp_path)
    panel.select_keys(["README.txt"])
    wait_action(qtbot, panel, "download", panel.download)
    assert asked == ["README.txt"]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {
        name: (content if content is not None else body) for name, content in expected.items()}


def test_silent_overwrite_apply_to_all_asks_once(qtbot, panel, s3_client, sandbox_info,
                                                 tmp_path):
    for name in ("README.txt", "hello.json"):
        (tmp_path / name).write_bytes(b"mine")
    show_and_list(qtbot, panel)
    asked = []
    panel.ask_overwrite = lambda item, remaining: (asked.append(remaining)
                                                   or (Choice.KEEP_BOTH, True))
    panel.choose_download_folder = lambda: str(tmp_path)
    panel.select_keys(["README.txt", "hello.json"])
    wait_action(qtbot, panel, "download", panel.download)
    assert asked == [1]  # one question, saying one more file is concerned
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "README (1).txt", "README.txt", "hello (1).json", "hello.json"]


def test_silent_overwrite_dialog_buttons_by_name(qtbot, tmp_path):
    from tokenexplorer.aws.downloads import PlannedFile
    from tokenexplorer.ui.aws.overwrite_dialog import OverwriteDialog

    (tmp_path / "a.txt").write_bytes(b"")
    item = PlannedFile(f"x/{SPOOF}", 1, tmp_path / "a.txt", exists=True)
    dialog = OverwriteDialog(item, 3)
    qtbot.addWidget(dialog)
    dialog.show()
    text = find(dialog, QtWidgets.QLabel, "Existing file").text()
    assert "a (1).txt" in text and no_raw_danger(text)
    assert find(dialog, QtWidgets.QPushButton, "Keep both").isDefault()  # Enter keeps both
    qtbot.mouseClick(find(dialog, QtWidgets.QCheckBox, "Apply to all"), LEFT)
    qtbot.mouseClick(find(dialog, QtWidgets.QPushButton, "Skip"), LEFT)
    assert dialog.answer == (Choice.SKIP, True)


def test_symlink_escape_upload_from_the_tab_reports_skipped_links(qtbot, panel, s3_client,
                                                                  sandbox_info, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text("hi")
    (site / "leak.txt").symlink_to(secret)
    show_and_list(qtbot, panel)
    wait_action(qtbot, panel, "upload", lambda: panel.upload_files([str(site)]))
    note = find(panel, QtWidgets.QLabel, "S3 note").text()
    assert "1 symbolic link not followed" in note and "leak.txt" in note
    keys = [o["Key"] for o in s3_client.list_objects_v2(
        Bucket=sandbox_info.bucket, Prefix="site/").get("Contents", [])]
    assert keys == ["site/page.html"]


def test_symlink_escape_followed_only_when_the_user_ticks_it(qtbot, panel, s3_client,
                                                             sandbox_info, tmp_path):
    shared = tmp_path / "shared.txt"
    shared.write_text("chosen")
    site = tmp_path / "site"
    site.mkdir()
    (site / "shared.txt").symlink_to(shared)
    show_and_list(qtbot, panel)
    view = find(panel, QtWidgets.QTableView, "Objects")
    follow = {a.text(): a for a in view.actions()}["Follow symbolic links in uploaded folders"]
    assert follow.isCheckable() and not follow.isChecked()
    follow.trigger()
    wait_action(qtbot, panel, "upload", lambda: panel.upload_files([str(site)]))
    keys = [o["Key"] for o in s3_client.list_objects_v2(
        Bucket=sandbox_info.bucket, Prefix="site/").get("Contents", [])]
    assert keys == ["site/shared.txt"]


def test_the_error_box_follows_a_dark_palette(qtbot, app_state):
    """The S3 error box is restyled on a light/dark switch (readable text on its box)."""
    from tokenexplorer.ui.aws.s3_browser import S3BrowserPanel
    from tokenexplorer.ui.theme import dark_palette, message_colours

    panel = S3BrowserPanel(app_state)
    qtbot.addWidget(panel)
    error = find(panel, QtWidgets.QLabel, "S3 error")
    light_bg, light_fg = message_colours("error", panel.palette())
    assert light_bg.name() in error.styleSheet() and light_fg.name() in error.styleSheet()
    panel.setPalette(dark_palette())
    dark_bg, dark_fg = message_colours("error", dark_palette())
    assert dark_bg != light_bg
    assert dark_bg.name() in error.styleSheet() and dark_fg.name() in error.styleSheet()


def test_up_and_the_breadcrumb_agree_under_an_empty_folder_name(qtbot, panel):
    """'a//b/' sits in the folder 'a//' (named ''): Up goes there, and so does its crumb."""
    show_and_list(qtbot, panel)
    with qtbot.waitSignal(panel.listing_finished, timeout=WAIT):
        panel.navigate("a//b/")
    crumbs = [b.accessibleName() for b in panel.breadcrumb.buttons]
    assert crumbs == ["Go to bucket root", "Go to a/", "Go to a//", "Go to a//b/"]
    with qtbot.waitSignal(panel.listing_finished, timeout=WAIT):
        qtbot.mouseClick(find(panel, QtWidgets.QToolButton, "Up one level"), LEFT)
    assert panel.prefix == "a//"
