"""The Sequence diagram and Timeline tabs on the real window, found by accessible name: a
recorded SRP sign-in drawn, an arrow clicked selects its call in the Activity log, keys,
live updates, exports; the timeline follows the session and idles when hidden."""

from __future__ import annotations

from typing import TypeVar

import pytest

from tests.teaching.teaching_helpers import entry, srp_sign_in, teaching_pool
from tokenexplorer.teaching.sequence_export import to_mermaid, to_svg
from tokenexplorer.ui.qt import QtCore, QtGui, QtWidgets
from tokenexplorer.ui.teaching.sequence_canvas import SequenceCanvas
from tokenexplorer.ui.teaching.sequence_view import SequencePanel
from tokenexplorer.ui.teaching.timeline_canvas import TimelineCanvas
from tokenexplorer.ui.teaching.timeline_view import TimelinePanel

Qt = QtCore.Qt
W = TypeVar("W", bound=QtWidgets.QWidget)


def named(root: QtWidgets.QWidget, name: str, kind: type[W]) -> W:
    found: list[W] = [w for w in root.findChildren(kind) if w.accessibleName() == name]
    assert len(found) == 1, f"{len(found)} widgets named {name!r}"
    return found[0]


@pytest.fixture
def window(qtbot):
    from tokenexplorer.ui.app import install_panels
    from tokenexplorer.ui.main_window import MainWindow

    main = MainWindow(remember_layout=False)
    qtbot.addWidget(main)
    state = install_panels(main)
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    yield main
    state.close()


@pytest.fixture
def signed_in(window, moto_endpoint, qtbot):
    """A real SRP sign-in recorded into the window's activity log (two calls)."""
    state = window.app_state
    recorded = srp_sign_in(teaching_pool(moto_endpoint), state.activity)
    table = named(window, "Activity log", QtWidgets.QTableView)
    qtbot.waitUntil(lambda: table.model().rowCount() == 2)
    return recorded


def open_diagram(window):
    window.open_tab("Sequence diagram")
    panel = named(window, "Sequence diagram", SequencePanel)
    return panel, named(panel, "Sequence diagram calls", SequenceCanvas)


def centre_of(canvas, arrow) -> QtCore.QPoint:
    scale = canvas.scale()
    return QtCore.QPoint(round((arrow.x1 + arrow.x2) / 2 * scale), round((arrow.y - 2) * scale))


def test_clicking_an_arrow_selects_its_call_in_the_activity_log(window, signed_in, qtbot):
    _panel, canvas = open_diagram(window)
    qtbot.waitUntil(lambda: len(canvas.model.calls) == 2)
    assert [line.label for line in canvas.model.lifelines] == ["App", "Cognito user pool"]
    assert [c.operation for c in canvas.model.calls] == ["InitiateAuth", "RespondToAuthChallenge"]
    table = named(window, "Activity log", QtWidgets.QTableView)
    details = named(window, "Activity details", QtWidgets.QPlainTextEdit)

    answer = canvas.model.arrows[3]  # RespondToAuthChallenge's answer
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=centre_of(canvas, answer))

    qtbot.waitUntil(lambda: table.currentIndex().row() == 1)
    assert table.selectionModel().isRowSelected(1, QtCore.QModelIndex())
    assert details.toPlainText().startswith("cognito-idp RespondToAuthChallenge  →  success")
    assert canvas.current == 3 and "answer from Cognito user pool" in \
        canvas.accessibleDescription()


def test_arrow_keys_move_between_calls_and_enter_selects(window, signed_in, qtbot):
    _panel, canvas = open_diagram(window)
    qtbot.waitUntil(lambda: len(canvas.model.arrows) == 4)
    canvas.setFocus()
    table = named(window, "Activity log", QtWidgets.QTableView)
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.current == 0
    qtbot.keyClick(canvas, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: table.currentIndex().row() == 0)
    for _ in range(5):  # past the end: stays on the last arrow
        qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.current == 3
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.currentIndex().row() == 1)
    assert canvas.accessibleDescription() == \
        "Arrow 3 of 4, call to Cognito user pool: RespondToAuthChallenge"


def test_the_diagram_is_live_idles_when_hidden_and_follows_clear(window, signed_in, qtbot):
    panel, canvas = open_diagram(window)
    state = window.app_state
    qtbot.waitUntil(lambda: len(canvas.model.calls) == 2)
    state.activity.add(entry("s3", "ListObjectsV2", "AccessDenied"))
    qtbot.waitUntil(lambda: len(canvas.model.calls) == 3)
    assert canvas.model.lifelines[-1].label == "S3" and not canvas.model.arrows[-1].ok
    assert named(panel, "Sequence diagram summary", QtWidgets.QLabel).text() == "3 calls"

    window.open_tab("Inspector")  # hidden: calls arrive, nothing is rebuilt
    state.activity.add(entry("sts", "GetCallerIdentity"))
    table = named(window, "Activity log", QtWidgets.QTableView)
    qtbot.waitUntil(lambda: table.model().rowCount() == 4)  # the same delivery reached us
    assert len(canvas.model.calls) == 3
    window.open_tab("Sequence diagram")
    qtbot.waitUntil(lambda: len(canvas.model.calls) == 4)

    qtbot.mouseClick(named(window, "Clear activity log", QtWidgets.QPushButton),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not canvas.model.calls)
    assert not named(panel, "Export diagram as SVG", QtWidgets.QPushButton).isEnabled()


def test_exports_write_png_svg_and_mermaid(window, signed_in, qtbot, tmp_path):
    panel, canvas = open_diagram(window)
    qtbot.waitUntil(lambda: len(canvas.model.calls) == 2)
    assert panel.export("mermaid", tmp_path / "d.mmd")
    assert panel.export("svg", tmp_path / "d.svg")
    assert panel.export("png", tmp_path / "d.png")
    assert (tmp_path / "d.mmd").read_text() == to_mermaid(canvas.model)
    assert (tmp_path / "d.svg").read_text() == to_svg(canvas.model)
    image = QtGui.QImage(str(tmp_path / "d.png"))
    assert (image.width(), image.height()) == (round(canvas.model.width * 2),
                                               round(canvas.model.height * 2))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.mmd", "d.png", "d.svg"]


def test_a_call_no_longer_in_the_log_says_so(window, qtbot):
    _panel, canvas = open_diagram(window)
    state = window.app_state
    gone = entry("cognito-idp", "InitiateAuth")
    assert not window.select_activity(gone)  # never recorded: nothing selected, no error
    state.activity.add(gone)
    qtbot.waitUntil(lambda: len(canvas.model.calls) == 1)
    assert window.select_activity(gone)


def test_timeline_follows_the_session_and_idles_when_hidden(window, signed_in, qtbot):
    from tokenexplorer.cognito.session import Session

    state = window.app_state
    window.open_tab("Timeline")
    panel = named(window, "Timeline", TimelinePanel)
    events = named(panel, "Timeline events", QtWidgets.QLabel)
    canvas = named(panel, "Timeline drawing", TimelineCanvas)
    assert canvas.timeline.empty and panel.timer.isActive()

    session = Session(signed_in.auth, signed_in.tokens, profile_name="lesson")
    state.set_session(session)
    qtbot.waitUntil(lambda: events.text().startswith("ID token: iat "))
    assert canvas.timeline.lanes == ("ID token", "Access token", "Session")
    session.refresh()
    state.set_session(session)
    qtbot.waitUntil(lambda: "refresh" in events.text())
    assert [s.current for s in canvas.timeline.spans if s.lane == "Access token"] == \
        [False, True]
    assert "Session: sign-in" in canvas.accessibleDescription()

    window.open_tab("Inspector")
    assert not panel.timer.isActive()  # no "now" ticks while nobody looks
    window.open_tab("Timeline")
    assert panel.timer.isActive()


def test_show_entry_points_at_a_call_and_the_drawing_scales_with_the_font(window, qtbot):
    panel, canvas = open_diagram(window)
    state = window.app_state
    first, second = entry("cognito-idp", "InitiateAuth"), entry("sts", "GetCallerIdentity")
    state.activity.add(first)
    state.activity.add(second)
    qtbot.waitUntil(lambda: len(canvas.model.calls) == 2)
    assert panel.show_entry(second) and canvas.current == 2
    assert not panel.show_entry(entry("s3", "never recorded"))

    font = canvas.font()
    font.setPixelSize(26)  # zoom / presenter mode: twice the 13 px the layout is made for
    canvas.setFont(font)
    assert canvas.scale() == 2.0
    assert (canvas.width(), canvas.height()) == (round(canvas.model.width * 2),
                                                 round(canvas.model.height * 2))
    answer = canvas.model.arrows[3]
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=centre_of(canvas, answer))
    table = named(window, "Activity log", QtWidgets.QTableView)
    qtbot.waitUntil(lambda: table.currentIndex().row() == 1)  # clicks scale too
