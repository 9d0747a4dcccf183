"""File → Samples and File → Export handout…, through the window and accessible names."""

from __future__ import annotations

import pytest

from tests.ui.conftest import by_name, wait_settled
from tokenexplorer.tokens.samples import sample_jwks_path, samples
from tokenexplorer.ui.qt import QtCore, QtGui, QtWidgets


def gallery(window):
    from tokenexplorer.ui.teaching.samples_dialog import SamplesDialog

    return SamplesDialog(window.show_sample_token, window)


def open_sample(qtbot, window, kind: str) -> None:
    dialog = gallery(window)
    qtbot.addWidget(dialog)
    row = next(i for i, s in enumerate(dialog.samples) if s.kind == kind)
    by_name(dialog, "Sample tokens").setCurrentRow(row)
    by_name(dialog, "Open sample").click()
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: not window.inspector.is_busy(), timeout=8000)


def test_the_gallery_lists_every_index_entry(qtbot, window):
    dialog = gallery(window)
    qtbot.addWidget(dialog)
    assert dialog.accessibleName() == "Samples"
    items = by_name(dialog, "Sample tokens")
    entries = samples()
    assert items.count() == len(entries) == 10
    for row, sample in enumerate(entries):
        item = items.item(row)
        assert item.data(QtCore.Qt.ItemDataRole.AccessibleTextRole) == \
            f"{sample.title}: {sample.line}"
        labels = [label.text() for label in items.itemWidget(item).findChildren(QtWidgets.QLabel)]
        assert labels == [sample.title, sample.line]


def test_the_file_menu_opens_the_gallery(qtbot, window):
    action = window.menus.samples_action
    assert action.objectName() == "Samples" and action.text() == "Sa&mples…"
    seen = []

    def close_it():
        dialog = QtWidgets.QApplication.activeModalWidget()
        seen.append(dialog.accessibleName() if dialog else None)
        if dialog is not None:
            dialog.reject()

    QtCore.QTimer.singleShot(50, close_it)
    action.trigger()
    assert seen == ["Samples"]


@pytest.mark.parametrize(("kind", "status", "warning"), [
    ("id", "valid", None),
    ("tampered", "invalid", None),
    ("alg-none", "unsecured", "alg none"),
    ("key-confusion", "invalid", "Key confusion attempt"),
])
def test_open_verifies_a_sample_with_the_sample_jwks(qtbot, window, kind, status, warning):
    open_sample(qtbot, window, kind)
    banner = by_name(window, "Signature status")
    qtbot.waitUntil(lambda: banner.status == status, timeout=8000)
    panel = window.inspector.key_panel
    assert panel.combo.currentText() == "JWKS file…"
    assert panel.file_edit.text() == str(sample_jwks_path())
    if warning:
        assert warning in " ".join(window.inspector.panes.warnings_box.warnings())
    window.show_text("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")  # other input: Automatic again
    wait_settled(qtbot, window)
    assert panel.combo.currentText().startswith("Automatic")


def test_the_expired_sample_fails_its_exp_check(qtbot, window):
    open_sample(qtbot, window, "expired")
    qtbot.waitUntil(lambda: by_name(window, "Signature status").status == "valid", timeout=8000)
    checks = {row.name: row.result for row in by_name(window, "Checks").checks_model.rows()}
    assert checks["exp"] == "failed"


def test_export_writes_the_markdown_and_the_png(qtbot, window, tmp_path):
    from tokenexplorer.ui.teaching.handout_export import NothingToExport, export_handout

    window.show_text("")
    with pytest.raises(NothingToExport):
        export_handout(window, tmp_path / "none.md")
    open_sample(qtbot, window, "federated")
    qtbot.waitUntil(lambda: window.inspected_report() is not None, timeout=8000)
    image = export_handout(window, tmp_path / "federated")
    markdown = (tmp_path / "federated.md").read_text()
    assert image == tmp_path / "federated.png"
    assert "# Token handout: ID token" in markdown and "](federated.png)" in markdown
    assert "`identities`" in markdown and "Google" in markdown
    assert "Signature: **valid**: `signature matches key token-explorer-SAMPLE-key-1" in markdown
    picture = QtGui.QImage(str(image))
    assert not picture.isNull() and picture.width() == window.inspector.width()


def test_export_on_the_compare_tab_writes_the_comparison(qtbot, window, tmp_path):
    from tokenexplorer.ui.state import AppState
    from tokenexplorer.ui.teaching.handout_export import NothingToExport, export_handout
    from tokenexplorer.ui.teaching.install import install_teaching_ui

    state = AppState()
    window.attach_state(state)
    install_teaching_ui(window, state)
    view = window.open_tab("Compare")
    with pytest.raises(NothingToExport, match="Compare two readable tokens"):
        export_handout(window, tmp_path / "c.md")
    by_kind = {s.kind: s.text() for s in samples()}
    view.set_texts(by_kind["id"], by_kind["tampered"])
    qtbot.waitUntil(lambda: view.comparison is not None and not view.busy, timeout=8000)
    export_handout(window, tmp_path / "c.md")
    markdown = (tmp_path / "c.md").read_text()
    assert "# Comparison handout" in markdown
    assert "| \\+ added | `cognito:groups` | — | `[\"admin\"]` |  |" in markdown
    assert QtGui.QImage(str(tmp_path / "c.png")).width() == view.width()
    assert "| = same | `sub` |" in markdown
    by_name(view, "Only differences").setChecked(True)
    export_handout(window, tmp_path / "c.md")
    markdown = (tmp_path / "c.md").read_text()
    assert "`sub`" not in markdown and "`cognito:groups`" in markdown
    assert "## Header\n\n(no differences)" in markdown


def test_the_menu_action_asks_before_replacing_a_picture(qtbot, window, tmp_path, monkeypatch):
    from tokenexplorer.ui import plain

    target = tmp_path / "lesson.md"
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), "Markdown (*.md)"))
    answers = []

    def ask(parent, title, question, buttons=None, default=None):
        answers.append(question)
        return QtWidgets.QMessageBox.StandardButton.No

    monkeypatch.setattr(plain, "ask", ask)
    open_sample(qtbot, window, "access")
    (tmp_path / "lesson.png").write_bytes(b"teacher's own picture")
    assert window.menus.export_handout_action.objectName() == "Export handout"
    window.menus.export_handout_action.trigger()
    assert answers == ["lesson.png exists beside it. Replace it with the handout's picture?"]
    assert not target.exists()
    assert (tmp_path / "lesson.png").read_bytes() == b"teacher's own picture"
    (tmp_path / "lesson.png").unlink()
    window.menus.export_handout_action.trigger()
    assert target.is_file() and (tmp_path / "lesson.png").is_file() and len(answers) == 1
    assert window.statusBar().currentMessage() == "Handout written: lesson.md and lesson.png"
