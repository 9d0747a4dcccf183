"""The S3 tab against the emulator over HTTP, driven through accessible names."""

from __future__ import annotations

import urllib.request
import warnings

import pytest

from tokenexplorer.ui.aws.install import build_aws_ui
from tokenexplorer.ui.aws.s3_models import NAME
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets

LEFT = Qt.MouseButton.LeftButton
WAIT = 10_000


def _find(widget, cls, name):
    found = [w for w in widget.findChildren(cls) if w.accessibleName() == name]
    assert len(found) == 1, f"expected one {cls.__name__} named {name!r}, found {len(found)}"
    return found[0]


def _names(panel):
    proxy = panel.proxy
    return [proxy.index(r, NAME).data() for r in range(proxy.rowCount())]


@pytest.fixture
def app_state(app_state, sandbox_info):
    """The tests' world lets guests list its whole bucket, so these tests, which start at
    the bucket root, use it as a plain emulator profile (an is_sandbox profile opens at
    public/, all the app's sandbox lets guests list: tests/ui_aws/test_s3_sandbox_start.py)."""
    import dataclasses

    app_state.set_profile(dataclasses.replace(sandbox_info.profile(), is_sandbox=False))
    return app_state


@pytest.fixture
def ui(qtbot, app_state):
    ui = build_aws_ui(app_state)
    qtbot.addWidget(ui.credentials)
    qtbot.addWidget(ui.s3)
    ui.s3.page_size = 2  # several pages even for the few sample objects
    ui.s3.resize(800, 500)
    ui.s3.show()
    return ui


@pytest.fixture
def browser(qtbot, ui):
    """The S3 panel, listed at the sandbox bucket's root."""
    panel = ui.s3
    with qtbot.waitSignal(panel.listing_finished, timeout=WAIT):
        qtbot.mouseClick(_find(panel, QtWidgets.QPushButton, "List"), LEFT)
    return panel


def _list_and_wait(qtbot, panel, action):
    with qtbot.waitSignal(panel.listing_finished, timeout=WAIT):
        action()


def _wait_action(qtbot, panel, name, action):
    with qtbot.waitSignal(panel.action_finished, timeout=WAIT,
                          check_params_cb=lambda what: what == name):
        action()


def test_listing_arrives_page_by_page_with_folders_first(qtbot, ui, sandbox_info):
    panel = ui.s3
    assert _find(panel, QtWidgets.QLineEdit, "Bucket").text() == sandbox_info.bucket
    sizes = []
    panel.model.rowsInserted.connect(lambda *_: sizes.append(panel.model.rowCount()))
    with qtbot.waitSignal(panel.listing_finished, timeout=WAIT) as done:
        qtbot.keyClick(_find(panel, QtWidgets.QLineEdit, "Bucket"), Qt.Key.Key_Return)
    assert done.args == [5]
    assert _names(panel) == ["docs/", "images/", "public/", "README.txt", "hello.json"]
    assert len(sizes) >= 3 and sizes == sorted(sizes)  # rows grew as pages arrived
    assert sizes[0] < 5
    status = _find(panel, QtWidgets.QLabel, "Listing status").text()
    assert "3 folders, 2 objects in 3 pages" in status
    # The credentials the listing was signed with are the panel's guest credentials.
    assert ui.credentials.credentials is not None
    assert ui.credentials.credentials.kind == "guest"


def test_keyboard_and_breadcrumb_navigation(qtbot, browser):
    view = _find(browser, QtWidgets.QTableView, "Objects")
    view.setFocus()
    view.setCurrentIndex(browser.proxy.index(0, NAME))  # docs/
    _list_and_wait(qtbot, browser, lambda: qtbot.keyClick(view, Qt.Key.Key_Return))
    assert browser.prefix == "docs/"
    assert _names(browser) == ["reference/", "getting-started.md"]
    assert _find(browser, QtWidgets.QLineEdit, "Prefix").text() == "docs/"

    view.setCurrentIndex(browser.proxy.index(0, NAME))
    rect = view.visualRect(view.currentIndex())
    qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())  # QTest needs a press first
    _list_and_wait(qtbot, browser,
                   lambda: qtbot.mouseDClick(view.viewport(), LEFT, pos=rect.center()))
    assert browser.prefix == "docs/reference/"
    assert _names(browser) == ["claims.csv"]

    crumb = _find(browser, QtWidgets.QWidget, "Breadcrumb")
    docs = _find(crumb, QtWidgets.QToolButton, "Go to docs/")
    _list_and_wait(qtbot, browser, lambda: qtbot.mouseClick(docs, LEFT))
    assert browser.prefix == "docs/"

    _list_and_wait(qtbot, browser, lambda: qtbot.keyClick(view, Qt.Key.Key_Backspace))
    assert browser.prefix == ""
    assert "hello.json" in _names(browser)

    view.setCurrentIndex(browser.proxy.index(1, NAME))  # images/
    _list_and_wait(qtbot, browser, lambda: qtbot.keyClick(view, Qt.Key.Key_Enter))
    assert browser.prefix == "images/"
    _list_and_wait(qtbot, browser,
                   lambda: qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier))
    assert browser.prefix == ""


def test_filter_narrows_the_rows(qtbot, browser):
    qtbot.keyClicks(_find(browser, QtWidgets.QLineEdit, "Filter"), "JSON")
    assert _names(browser) == ["hello.json"]
    _find(browser, QtWidgets.QLineEdit, "Filter").clear()
    assert len(_names(browser)) == 5


def test_download_writes_the_file_to_the_chosen_folder(qtbot, browser, s3_client,
                                                       sandbox_info, tmp_path):
    dest = tmp_path / "downloads"
    dest.mkdir()
    browser.choose_download_folder = lambda: str(dest)
    browser.select_keys(["hello.json", "README.txt"])
    button = _find(browser, QtWidgets.QPushButton, "Download")
    assert button.isEnabled()
    _wait_action(qtbot, browser, "download", lambda: qtbot.mouseClick(button, LEFT))
    for key in ("hello.json", "README.txt"):
        body = s3_client.get_object(Bucket=sandbox_info.bucket, Key=key)["Body"].read()
        assert (dest / key).read_bytes() == body
    assert sorted(p.name for p in dest.iterdir()) == ["README.txt", "hello.json"]
    row = browser.transfers.rows[-1]
    assert row.outcome == "done" and row.bar.value() == row.bar.maximum()
    assert "Downloaded 2 files" in _find(browser, QtWidgets.QLabel, "S3 note").text()


def test_upload_a_file_and_by_drag_and_drop(qtbot, browser, s3_client, sandbox_info,
                                            tmp_path):
    picked = tmp_path / "picked.txt"
    picked.write_text("uploaded through the button\n")
    browser.choose_upload_files = lambda: [str(picked)]
    with qtbot.waitSignal(browser.listing_finished, timeout=WAIT):
        _wait_action(qtbot, browser, "upload",
                     lambda: qtbot.mouseClick(_find(browser, QtWidgets.QPushButton, "Upload"),
                                              LEFT))
    body = s3_client.get_object(Bucket=sandbox_info.bucket, Key="picked.txt")["Body"].read()
    assert body == picked.read_bytes()
    assert "picked.txt" in _names(browser)  # the listing was refreshed

    dropped = tmp_path / "dropped.bin"
    dropped.write_bytes(b"\x00\x01dropped")
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(dropped))])
    view = _find(browser, QtWidgets.QTableView, "Objects")
    where = QtCore.QPointF(view.viewport().rect().center())
    actions = Qt.DropAction.CopyAction
    with warnings.catch_warnings():  # PySide offers only the deprecated QPoint form
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QtGui.QDragEnterEvent(where.toPoint(), actions, mime, LEFT,
                                      Qt.KeyboardModifier.NoModifier)
    QtWidgets.QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    drop = QtGui.QDropEvent(where, actions, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    _wait_action(qtbot, browser, "upload",
                 lambda: QtWidgets.QApplication.sendEvent(view.viewport(), drop))
    body = s3_client.get_object(Bucket=sandbox_info.bucket, Key="dropped.bin")["Body"].read()
    assert body == b"\x00\x01dropped"


def test_delete_asks_first_and_deletes_only_when_confirmed(qtbot, browser, s3_client,
                                                           sandbox_info):
    asked = []
    browser.confirm = lambda title, text: asked.append(text) or False
    browser.select_keys(["hello.json"])
    delete = _find(browser, QtWidgets.QPushButton, "Delete")
    qtbot.mouseClick(delete, LEFT)
    assert asked and "hello.json" in asked[0]
    s3_client.head_object(Bucket=sandbox_info.bucket, Key="hello.json")  # still there

    browser.confirm = lambda title, text: asked.append(text) or True
    with qtbot.waitSignal(browser.listing_finished, timeout=WAIT):
        _wait_action(qtbot, browser, "delete", lambda: qtbot.mouseClick(delete, LEFT))
    keys = [o["Key"] for o in s3_client.list_objects_v2(Bucket=sandbox_info.bucket)["Contents"]]
    assert "hello.json" not in keys and "README.txt" in keys
    assert "hello.json" not in _names(browser)


def test_new_folder_then_delete_it(qtbot, browser, s3_client, sandbox_info):
    browser.ask_folder_name = lambda: "made here"
    with qtbot.waitSignal(browser.listing_finished, timeout=WAIT):
        _wait_action(qtbot, browser, "new folder",
                     lambda: qtbot.mouseClick(
                         _find(browser, QtWidgets.QPushButton, "New folder"), LEFT))
    assert "made here/" in _names(browser)
    s3_client.head_object(Bucket=sandbox_info.bucket, Key="made here/")
    browser.confirm = lambda title, text: True
    browser.select_keys(["made here/"])
    with qtbot.waitSignal(browser.listing_finished, timeout=WAIT):
        _wait_action(qtbot, browser, "delete", browser.delete)
    assert "made here/" not in _names(browser)


def test_presigned_url_is_copied_only_on_click_and_works(qtbot, browser, s3_client,
                                                        sandbox_info):
    clipboard = QtWidgets.QApplication.clipboard()
    clipboard.setText("sentinel")
    browser.select_keys(["hello.json"])
    lifetime = _find(browser, QtWidgets.QComboBox, "Presigned URL lifetime")
    lifetime.setCurrentIndex(0)  # 5 minutes
    assert clipboard.text() == "sentinel"
    _wait_action(qtbot, browser, "presigned",
                 lambda: qtbot.mouseClick(
                     _find(browser, QtWidgets.QPushButton, "Copy presigned URL"), LEFT))
    url = clipboard.text()
    assert url.startswith(sandbox_info.endpoint_url + "/")
    assert "Signature=" in url  # signed (SigV2 or SigV4 query parameters)
    with urllib.request.urlopen(url, timeout=10) as answer:
        body = answer.read()
    expected = s3_client.get_object(Bucket=sandbox_info.bucket, Key="hello.json")["Body"].read()
    assert body == expected
    assert "5 minutes" in _find(browser, QtWidgets.QLabel, "S3 note").text()


def test_no_such_bucket_is_explained_in_plain_words(qtbot, ui):
    panel = ui.s3
    bucket = _find(panel, QtWidgets.QLineEdit, "Bucket")
    bucket.setText("no-such-bucket-anywhere")
    with qtbot.waitSignal(panel.listing_failed, timeout=WAIT) as failed:
        qtbot.keyClick(bucket, Qt.Key.Key_Return)
    shown = _find(panel, QtWidgets.QLabel, "S3 error")
    assert shown.isVisibleTo(panel)
    assert "does not exist" in shown.text() and "no-such-bucket-anywhere" in shown.text()
    assert "Traceback" not in shown.text()
    assert failed.args[0] == shown.text()


def test_cancelled_upload_stops_and_leaves_no_object(qtbot, browser, s3_client, sandbox_info,
                                                     tmp_path):
    from tokenexplorer.ui.tasks import wait_for_all

    big = tmp_path / "big.bin"
    big.write_bytes(b"\x5a" * (40 * 1024 * 1024))  # multipart: five 8 MiB parts
    task = browser.upload_files([str(big)])
    row = browser.transfers.rows[-1]
    cancel = _find(row, QtWidgets.QPushButton, "Cancel")
    qtbot.waitUntil(lambda: row.bar.maximum() > 0, timeout=WAIT)  # first progress arrived
    qtbot.mouseClick(cancel, LEFT)
    assert row.outcome == "cancelled" and not task.running
    assert "Cancelled" in _find(row, QtWidgets.QLabel, "Transfer status").text()
    assert wait_for_all(WAIT)
    listed = s3_client.list_objects_v2(Bucket=sandbox_info.bucket, Prefix="big.bin")
    assert listed.get("KeyCount", 0) == 0
    uploads = s3_client.list_multipart_uploads(Bucket=sandbox_info.bucket)
    assert not uploads.get("Uploads")  # the multipart upload was aborted


def test_tab_reaches_every_control_in_reading_order(qtbot, browser):
    browser.select_keys(["hello.json"])
    browser.activateWindow()
    bucket = _find(browser, QtWidgets.QLineEdit, "Bucket")
    bucket.setFocus()
    qtbot.waitUntil(bucket.hasFocus, timeout=WAIT)
    seen = []
    for _ in range(25):
        qtbot.keyClick(QtWidgets.QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QtWidgets.QApplication.focusWidget().accessibleName())
    expected = ["Prefix", "List", "Go to bucket root", "Upload", "Download", "Delete",
                "New folder", "Copy presigned URL", "Presigned URL lifetime", "Filter",
                "Objects"]
    positions = [seen.index(name) for name in expected]
    assert positions == sorted(positions), seen


def test_context_menu_mirrors_the_buttons(qtbot, browser, tmp_path):
    view = _find(browser, QtWidgets.QTableView, "Objects")
    actions = {a.text(): a for a in view.actions()}
    assert not actions["Download…"].isEnabled()  # nothing selected yet
    browser.select_keys(["README.txt"])
    assert actions["Download…"].isEnabled() and actions["Copy presigned URL"].isEnabled()
    browser.choose_download_folder = lambda: str(tmp_path)
    _wait_action(qtbot, browser, "download", actions["Download…"].trigger)
    assert (tmp_path / "README.txt").is_file()


def test_the_tab_says_which_identity_signs_and_uses_the_signed_in_user(
    qtbot, ui, signed_in, sandbox_info
):
    """Trial report 2.4: signed in, S3 requests are signed as the user, and the tab says so."""
    panel = ui.s3
    line = _find(panel, QtWidgets.QLabel, "Signing identity")
    assert line.isVisibleTo(panel)
    assert line.text().startswith("Signed requests: authenticated as demo")
    with qtbot.waitSignal(panel.listing_finished, timeout=WAIT):
        qtbot.mouseClick(_find(panel, QtWidgets.QPushButton, "List"), LEFT)
    creds = ui.credentials.credentials
    assert creds is not None and creds.kind == "authenticated"
    qtbot.waitUntil(lambda: creds.identity_id in line.text(), timeout=WAIT)
    assert line.text() == (f"Signed requests: authenticated as demo "
                           f"(identity {creds.identity_id})")
    # Signing out: the next requests are a guest's, and the line says so at once.
    ui.s3.state.set_session(None)
    assert line.text().startswith("Signed requests: guest (no sign-in)")
    with qtbot.waitSignal(panel.listing_finished, timeout=WAIT):
        panel.refresh()
    assert ui.credentials.credentials.kind == "guest"
    qtbot.waitUntil(lambda: ui.credentials.credentials.identity_id in line.text(),
                    timeout=WAIT)


def test_the_download_dialog_starts_in_downloads_then_remembers(qtbot, browser, tmp_path):
    from tokenexplorer.ui.aws.s3_widgets import default_download_dir

    downloads = QtCore.QStandardPaths.writableLocation(
        QtCore.QStandardPaths.StandardLocation.DownloadLocation)
    home = QtCore.QDir.homePath()
    expected = (downloads if QtCore.QFileInfo(downloads).isDir() and downloads != home
                else f"{home}/Token Explorer downloads")
    assert default_download_dir() == expected != home  # never home itself
    assert browser.download_start_dir() == expected
    browser.choose_download_folder = lambda: str(tmp_path)
    browser.select_keys(["README.txt"])
    _wait_action(qtbot, browser, "download", browser.download)
    assert browser.download_start_dir() == str(tmp_path)  # remembered for this session


def test_focus_selects_the_row_so_actions_work_from_the_keyboard(qtbot, browser, tmp_path):
    """Trial report §6: Tab into the list and Download works without pressing Space."""
    view = _find(browser, QtWidgets.QTableView, "Objects")
    download = _find(browser, QtWidgets.QPushButton, "Download")
    delete = _find(browser, QtWidgets.QPushButton, "Delete")
    assert not browser.selected_rows()
    browser.activateWindow()
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus, timeout=WAIT)
    assert [r.name for r in browser.selected_rows()] == ["docs/"]  # the focused row
    assert delete.isEnabled() and download.isEnabled()  # a folder downloads with its content
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert [r.name for r in browser.selected_rows()] == ["README.txt"]
    assert download.isEnabled()
    browser.choose_download_folder = lambda: str(tmp_path)
    _wait_action(qtbot, browser, "download", lambda: qtbot.mouseClick(download, LEFT))
    assert (tmp_path / "README.txt").is_file()
    # Entering a folder with the keyboard: its first row is selected as it arrives.
    view.setFocus()
    view.setCurrentIndex(browser.proxy.index(0, NAME))
    _list_and_wait(qtbot, browser, lambda: qtbot.keyClick(view, Qt.Key.Key_Return))
    assert browser.prefix == "docs/"
    assert [r.name for r in browser.selected_rows()] == ["reference/"]


def test_transfers_show_several_rows_and_finished_ones_can_go(qtbot, browser, tmp_path):
    from tokenexplorer.aws.downloads import Choice

    browser.choose_download_folder = lambda: str(tmp_path)
    browser.ask_overwrite = lambda item, remaining: (Choice.REPLACE, False)  # the 2nd README
    for key in ("README.txt", "hello.json", "README.txt"):
        browser.select_keys([key])
        _wait_action(qtbot, browser, "download", browser.download)
    transfers = _find(browser, QtWidgets.QWidget, "Transfers")
    rows = transfers.rows
    assert len(rows) == 3 and all(r.outcome == "done" for r in rows)
    qtbot.waitUntil(lambda: all(r.isVisible() for r in rows), timeout=WAIT)
    # All three fit, one below the other, without scrolling.
    assert transfers.scroll_area.height() >= sum(r.height() for r in rows)
    assert transfers.scroll_area.verticalScrollBar().maximum() == 0
    assert "3 finished" in transfers.heading.text()
    qtbot.mouseClick(_find(rows[0], QtWidgets.QToolButton, "Remove transfer"), LEFT)
    assert len(transfers.rows) == 2
    qtbot.mouseClick(_find(transfers, QtWidgets.QPushButton, "Clear finished transfers"), LEFT)
    assert transfers.rows == [] and not transfers.isVisibleTo(browser)


def test_the_status_line_forgets_an_action_once_it_ended(qtbot, browser):
    """Trial report 3.3: "Working: presigned…" stayed after the URL was copied."""
    status = _find(browser, QtWidgets.QLabel, "Listing status")
    before = status.text()
    browser.select_keys(["hello.json"])
    task = browser.copy_presigned_url()
    assert status.text() == "Working: presigned…"
    with qtbot.waitSignal(task.done, timeout=WAIT):
        pass
    assert status.text() == before


def test_an_action_that_lists_again_keeps_the_listing_s_line(qtbot, browser):
    """New folder lists the prefix again as it ends: the status line then belongs to that
    listing; the line from before the action is not put back over it."""
    status = _find(browser, QtWidgets.QLabel, "Listing status")
    browser.ask_folder_name = lambda: "fresh"
    seen: list[str] = []
    with qtbot.waitSignal(browser.listing_finished, timeout=WAIT):
        task = browser.new_folder()
        task.done.connect(lambda: seen.append(status.text()))
    assert seen and seen[0].startswith("Listing s3://"), seen
    assert status.text().startswith("4 folders, 2 objects")


def test_deleting_a_folder_deletes_everything_under_it(qtbot, browser, s3_client,
                                                      sandbox_info):
    def keys(prefix=""):
        listed = s3_client.list_objects_v2(Bucket=sandbox_info.bucket, Prefix=prefix)
        return [o["Key"] for o in listed.get("Contents", ())]

    assert len(keys("docs/")) >= 2 and any("/reference/" in k for k in keys("docs/"))
    others = [k for k in keys() if not k.startswith("docs/")]
    browser.confirm = lambda title, text: "with everything under them" in text
    browser.select_keys(["docs/"])
    with qtbot.waitSignal(browser.listing_finished, timeout=WAIT):
        _wait_action(qtbot, browser, "delete", browser.delete)
    assert keys("docs/") == []
    assert keys() == others
    assert "docs/" not in _names(browser)
