"""HTML injection: text written by others (claims, S3 keys, profile names, server answers)
must never be rendered as rich text anywhere in the window, its docks or its dialogs."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime

import jwt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tokenexplorer.ui import plain
from tokenexplorer.ui.qt import Qt, QtGui, QtWidgets

WAIT = 10_000
# The markers are harmless to load (no /dev/zero: a broken build must fail, not hang).
BOLD = "<b>HOSTILE-B</b>"
IMAGE = '<img src="/nonexistent/HOSTILE.png">'
LINK = '<a href="https://evil.example/">HOSTILE-A</a>'
HOSTILE = f"{BOLD} {IMAGE} {LINK}"
UNESCAPED = re.compile(r"<b>HOSTILE|<img src=\"/nonexistent|<a href=\"https://evil")


def _rich(text: str, text_format: Qt.TextFormat) -> bool:
    """Whether Qt renders `text` as rich text in a place with that format."""
    if text_format == Qt.TextFormat.PlainText:
        return False
    if text_format == Qt.TextFormat.RichText:
        return True
    return QtGui.Qt.mightBeRichText(text)


def _problems(text: str, text_format: Qt.TextFormat, where: str) -> list[str]:
    if text and _rich(text, text_format) and UNESCAPED.search(text):
        return [f"{where}: {text[:160]!r}"]
    return []


def _columns(model, parent) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model: one column (PySide hides its columnCount)
        return 1


def _model_problems(view: QtWidgets.QAbstractItemView, where: str) -> list[str]:
    model = view.model()
    if model is None:
        return []
    found: list[str] = []
    pending = [None]  # None: the root
    while pending:
        parent = pending.pop()
        parent_index = parent if parent is not None else model.index(-1, -1)
        for row in range(min(model.rowCount(parent_index), 500)):
            for column in range(_columns(model, parent_index)):
                index = model.index(row, column, parent_index)
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    found += _problems(tip, Qt.TextFormat.AutoText, f"{where} tooltip")
            first = model.index(row, 0, parent_index)
            if model.rowCount(first):
                pending.append(first)
    # Display text is painted by Qt's own item delegates as plain text: a delegate of ours
    # could paint it as HTML, so the views must keep Qt's.
    delegate = view.itemDelegate()
    if type(delegate).__module__.startswith("tokenexplorer"):
        found.append(f"{where}: our own delegate {type(delegate).__name__}")
    return found


def walk(root_widgets) -> list[str]:
    """Every label, tooltip, message box and item-view tooltip shown under the roots."""
    found: list[str] = []
    widgets = []
    for root in root_widgets:
        widgets.append(root)
        widgets += root.findChildren(QtWidgets.QWidget)
    for widget in widgets:
        name = f"{type(widget).__name__} {widget.accessibleName() or widget.objectName()!r}"
        found += _problems(widget.toolTip(), Qt.TextFormat.AutoText, f"{name} tooltip")
        if isinstance(widget, QtWidgets.QLabel):
            found += _problems(widget.text(), widget.textFormat(), name)
        if isinstance(widget, QtWidgets.QMessageBox):
            found += _problems(widget.text(), widget.textFormat(), name)
            found += _problems(widget.informativeText(), widget.textFormat(), name)
        if isinstance(widget, QtWidgets.QAbstractItemView):
            found += _model_problems(widget, name)
        for action in widget.actions():
            found += _problems(action.toolTip(), Qt.TextFormat.AutoText, f"{name} action")
    return found


def hostile_token() -> str:
    claims = {"sub": HOSTILE, "token_use": "id", "iat": 1_700_000_000, "exp": 4_000_000_000,
              "email": HOSTILE, BOLD: "a claim named in HTML", IMAGE: LINK,
              "nested": {LINK: [BOLD, IMAGE]}}
    return jwt.encode(claims, "correct horse battery staple, forty bytes!", algorithm="HS256",
                      headers={"kid": HOSTILE, "typ": BOLD})


@pytest.fixture
def hostile_window(qtbot, sandbox_info, s3_client, monkeypatch):
    """The whole window on a hostile token, with a hostile profile, S3 keys and log entry."""
    from tokenexplorer.activity import ActivityEntry
    from tokenexplorer.ui.app import create_window, install_panels
    from tokenexplorer.ui.tasks import wait_for_all

    for key in (f"{BOLD}/inside.txt", f"{IMAGE}.txt", f"{LINK}.txt", "plain.txt"):
        s3_client.put_object(Bucket=sandbox_info.bucket, Key=key, Body=b"x")
    window = create_window(hostile_token(), offline=True, remember_layout=False)
    qtbot.addWidget(window)
    state = install_panels(window)
    profile = dataclasses.replace(sandbox_info.profile(), name=f"{BOLD} profile")
    window.cognito_ui.profile_pane.store.put(profile)
    window.cognito_ui.profile_pane.reload(select=profile.name)
    state.set_profile(profile)
    state.activity.add(ActivityEntry(
        time=datetime.now(UTC), service="cognito-idp", operation=BOLD,
        endpoint=f"http://127.0.0.1:9/{IMAGE}", duration_ms=1.0, outcome=f"error: {LINK}",
        request={}, response={"message": HOSTILE}))
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: not window.inspector.is_busy(), timeout=WAIT)
    s3 = window.aws_ui.s3
    with qtbot.waitSignal(s3.listing_finished, timeout=WAIT):
        s3.list_button.click()
    yield window
    window.inspector.shutdown()
    wait_for_all(WAIT)
    state.close()


def test_html_injection_no_widget_renders_hostile_text_as_html(qtbot, hostile_window):
    s3 = hostile_window.aws_ui.s3
    names = [s3.proxy.index(r, 0).data() for r in range(s3.proxy.rowCount())]
    assert any("HOSTILE-B" in (name or "") for name in names), names  # the keys are listed
    assert walk([hostile_window]) == []
    # Into the folder named with tags: breadcrumbs and the listing carry the key again.
    with qtbot.waitSignal(s3.listing_finished, timeout=WAIT):
        s3.navigate(f"{BOLD}/")
    assert walk([hostile_window]) == []


def test_html_injection_message_boxes_show_hostile_names_as_text(qtbot, hostile_window,
                                                                 monkeypatch):
    """The questions that quote a profile name or an S3 key are plain text."""
    from tokenexplorer.ui.aws.s3_widgets import confirm

    shown: list[QtWidgets.QMessageBox] = []

    def capture(box):
        shown.append(box)
        return int(QtWidgets.QMessageBox.StandardButton.No)

    monkeypatch.setattr(QtWidgets.QMessageBox, "exec", capture)
    pane = hostile_window.cognito_ui.profile_pane
    assert pane._confirm("Delete profile", f"Delete the profile “{BOLD}”?") is False
    assert confirm(hostile_window, "Delete", f"Delete {IMAGE} and {LINK}?") is False
    assert len(shown) == 2
    assert walk(shown) == []


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>&\"'/ab =\n\t;#!-"), max_size=40)
       | st.text(max_size=40)
       | st.sampled_from([BOLD, IMAGE, LINK, "<qt>x</qt>", "&lt;b&gt;", "<!-- -->", "<br>",
                          "<a  b", "  <i>lead", "<img src=\"/dev/zero\">"]))
def test_html_injection_tooltips_show_exactly_the_text(qapp, text):
    """Whatever the text, the tooltip Qt renders says that text, not HTML's reading of it,
    and loads no image and makes no link."""
    tip = plain.tooltip(text)
    if not QtGui.Qt.mightBeRichText(tip):
        assert tip == text
        return
    document = QtGui.QTextDocument()
    document.setHtml(tip)
    # (a trailing line break is an empty last line: not shown, so not compared)
    assert document.toPlainText().rstrip("\n") == text.rstrip("\n")
    formats = document.allFormats()
    assert not any(f.isImageFormat() for f in formats)
    assert not any(f.isCharFormat() and f.toCharFormat().isAnchor() for f in formats)


def test_html_injection_labels_made_by_the_helper_stay_plain(qapp):
    label = plain.label(HOSTILE)
    label.setText(IMAGE)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == IMAGE


class _HostileCognito:
    """A fake AWS endpoint whose every answer is an error message written in HTML."""

    def __init__(self) -> None:
        import http.server
        import json
        import threading

        body = json.dumps({"__type": "ResourceNotFoundException", "message": HOSTILE}).encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(400)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("x-amzn-ErrorType", "ResourceNotFoundException")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_html_injection_server_error_messages_are_shown_as_text(qtbot, hostile_window):
    server = _HostileCognito()
    try:
        state = hostile_window.app_state
        state.set_profile(dataclasses.replace(state.profile, endpoint_url=server.url))
        panel = hostile_window.aws_ui.credentials
        [guest] = [button for button in panel.findChildren(QtWidgets.QPushButton)
                   if button.accessibleName() == "Get guest credentials"]
        [error] = [label for label in panel.findChildren(QtWidgets.QLabel)
                   if label.accessibleName() == "Credentials error"]
        guest.click()
        qtbot.waitUntil(lambda: "HOSTILE-B" in error.text(), timeout=WAIT)
        assert IMAGE in error.text()  # shown as the server wrote it
        assert walk([hostile_window]) == []
    finally:
        server.close()


def test_html_injection_dialogs_show_hostile_names_and_errors_as_text(qtbot, hostile_window):
    """The sign-in and sign-up dialogs name the hostile profile and show the server's
    hostile error; neither is rendered as HTML."""
    server = _HostileCognito()
    try:
        state = hostile_window.app_state
        state.set_profile(dataclasses.replace(state.profile, endpoint_url=server.url))
        ui = hostile_window.cognito_ui
        dialog = ui.open_sign_in(username=BOLD, password="Hostile-Pass-1")
        dialog.submit()

        def error_shown() -> bool:
            return any("HOSTILE-A" in label.text()
                       for label in dialog.findChildren(QtWidgets.QLabel))

        qtbot.waitUntil(error_shown, timeout=WAIT)
        assert walk([hostile_window]) == []
        dialog.close()
        signup = ui.open_sign_up()
        assert walk([hostile_window, signup]) == []
        signup.close()
    finally:
        server.close()
