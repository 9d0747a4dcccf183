"""The Compare tab: two tokens side by side, every claim aligned and marked.

Token A and B are pasted, or taken from the app's state (the ID and access tokens of this
sign-in, the ID token before and after the last refresh). Decoding and aligning is the
core's (tokens/comparison.py) and runs on a worker (big input); this widget renders the
rows, the counts, the problems and the full values of the selected row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.tokens.comparison import Comparison, compare_texts, rows, summary
from tokenexplorer.ui import plain
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from tokenexplorer.ui.tasks import Task, TaskKind, run_task
from tokenexplorer.ui.teaching.compare_model import CompareModel

if TYPE_CHECKING:
    from tokenexplorer.ui.state import AppState
    from tokenexplorer.ui.teaching.refresh_history import RefreshHistory

DEBOUNCE_MS = 300
SIGN_IN = "Use ID + access from this sign-in"
REFRESH = "Before/after the last refresh"


def _token_edit(name: str) -> QtWidgets.QPlainTextEdit:
    edit = QtWidgets.QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(f"Paste {name.lower()}: a JWT, a Bearer header, a redirect URL "
                            "or JSON holding one")
    edit.setTabChangesFocus(True)
    edit.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.WidgetWidth)
    edit.setWordWrapMode(QtGui.QTextOption.WrapMode.WrapAnywhere)
    return edit


class CompareView(QtWidgets.QWidget):
    settled = Signal()  # the comparison of the current inputs is shown

    def __init__(self, state: AppState | None = None, history: RefreshHistory | None = None,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Compare")
        self._state, self._history = state, history
        self.comparison: Comparison | None = None
        self._task: Task | None = None
        self._generation = 0
        self._build()
        self._lay_out()
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.compare_now)
        for edit in (self.input_a, self.input_b):
            edit.textChanged.connect(self._timer.start)
        self.only_differences.toggled.connect(lambda _on: self._render())
        self.sign_in_button.clicked.connect(self.use_sign_in)
        self.refresh_button.clicked.connect(self.use_refresh)
        self.table.selectionModel().currentChanged.connect(lambda cur, _prev: self._details(cur))
        if state is not None:
            state.session_changed.connect(lambda _session: self._update_sources())
        if history is not None:
            history.changed.connect(self._update_sources)
        self._update_sources()
        self._render()

    def _build(self) -> None:
        self.input_a, self.input_b = _token_edit("Token A"), _token_edit("Token B")
        self.sign_in_button = plain.button(SIGN_IN, "Use ID and access from this sign-in",
                                           "A: the ID token, B: the access token")
        self.refresh_button = plain.button(REFRESH, "Before and after the last refresh",
                                           "A: the ID token before the refresh, B: after it")
        self.only_differences = QtWidgets.QCheckBox("&Only differences")
        self.only_differences.setAccessibleName("Only differences")
        self.summary = plain.label()
        self.summary.setAccessibleName("Comparison summary")
        self.problems = plain.label()
        self.problems.setAccessibleName("Comparison problems")
        self.problems.setWordWrap(True)
        self.model = CompareModel(self)
        self.table = QtWidgets.QTreeView()
        self.table.setAccessibleName("Comparison")
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setModel(self.model)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.header()
        mode = QtWidgets.QHeaderView.ResizeMode
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(60)
        for column, how in enumerate((mode.ResizeToContents, mode.Interactive, mode.Stretch,
                                      mode.Stretch, mode.ResizeToContents)):
            header.setSectionResizeMode(column, how)
        header.resizeSection(1, 150)
        self.details = QtWidgets.QPlainTextEdit()
        self.details.setAccessibleName("Claim values")
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Select a row to see both values in full")

    def _lay_out(self) -> None:
        sides = QtWidgets.QGridLayout()
        for column, (title, edit) in enumerate((("Token &A", self.input_a),
                                                ("Token &B", self.input_b))):
            label = plain.label(title)
            label.setBuddy(edit)
            sides.addWidget(label, 0, column)
            sides.addWidget(edit, 1, column)
        top = QtWidgets.QWidget()
        top_layout = QtWidgets.QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        sources = QtWidgets.QHBoxLayout()
        sources.addWidget(self.sign_in_button)
        sources.addWidget(self.refresh_button)
        sources.addStretch(1)
        sources.addWidget(self.only_differences)
        top_layout.addLayout(sources)
        top_layout.addLayout(sides)
        middle = QtWidgets.QWidget()
        middle_layout = QtWidgets.QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.summary)
        middle_layout.addWidget(self.problems)
        middle_layout.addWidget(self.table, 1)
        self.splitter = QtWidgets.QSplitter(Qt.Orientation.Vertical)
        self.splitter.setAccessibleName("Compare splitter")
        for widget, stretch in ((top, 2), (middle, 5), (self.details, 1)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setChildrenCollapsible(False)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.splitter)

    # -- inputs ------------------------------------------------------------------------------
    def set_texts(self, a: str, b: str) -> None:
        """Compare `a` with `b` (as if pasted), at once."""
        for edit, text in ((self.input_a, a), (self.input_b, b)):
            blocked = edit.blockSignals(True)
            edit.setPlainText(text)
            edit.blockSignals(blocked)
        self.compare_now()

    def use_sign_in(self) -> None:
        session = self._state.session if self._state is not None else None
        tokens = session.tokens if session is not None else None
        if tokens is not None:
            self.set_texts(tokens.id_token, tokens.access_token)

    def use_refresh(self) -> None:
        history = self._history
        if history is not None and history.before is not None and history.after is not None:
            self.set_texts(history.before.id_token, history.after.id_token)

    def _update_sources(self) -> None:
        session = self._state.session if self._state is not None else None
        self.sign_in_button.setEnabled(session is not None and session.tokens is not None)
        self.refresh_button.setEnabled(self._history is not None and self._history.has_refresh)

    # -- comparing ---------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._timer.isActive() or (self._task is not None and self._task.running)

    def compare_now(self) -> None:
        self._timer.stop()
        if self._task is not None:
            self._task.cancel()
        self._generation += 1
        generation = self._generation
        a, b = self.input_a.toPlainText(), self.input_b.toPlainText()
        self._task = run_task(self, lambda _ctx: compare_texts(a, b), name="compare tokens",
                              kind=TaskKind.CPU,
                              on_result=lambda result: self._on_compared(generation, result),
                              on_error=lambda error: self._on_failed(generation, error))

    def _on_compared(self, generation: int, comparison: Comparison) -> None:
        if generation == self._generation:
            self._task = None
            self.comparison = comparison
            self._render()
            self.settled.emit()

    def _on_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._task = None
            self.comparison = None
            self._render(f"Could not compare ({type(error).__name__}).")
            self.settled.emit()

    def _render(self, failure: str | None = None) -> None:
        comparison = self.comparison
        lines = [failure] if failure else []
        diff = None
        if comparison is not None:
            lines += [line for side in (comparison.a, comparison.b)
                      for line in (side.problem, side.note) if line]
            if comparison.problem:
                lines.append(comparison.problem)
            diff = comparison.diff
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        if diff is None:
            self.model.clear()
            self.summary.setText("Paste two tokens to compare them." if not lines else "")
        else:
            kinds = f"A: {comparison.a.token.kind.label}, B: {comparison.b.token.kind.label}" \
                if comparison is not None and comparison.a.token and comparison.b.token else ""
            self.summary.setText(f"{kinds} — {summary(diff)}")
            self.model.set_rows(rows(diff, self.only_differences.isChecked()))
        for row in range(self.model.rowCount()):
            self.table.setFirstColumnSpanned(row, QtCore.QModelIndex(), self.model.is_title(row))
        self._details(self.table.currentIndex())

    def _details(self, index: QtCore.QModelIndex) -> None:
        entry = self.model.entry(index.row()) if index.isValid() else None
        if entry is None or isinstance(entry, str):
            self.details.setPlainText("")
            return
        note = f" — {entry.note}" if entry.note else ""
        self.details.setPlainText(f"{entry.name}: {entry.marker}{note}\nA: {entry.full_a}"
                                  f"\nB: {entry.full_b}")

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self.model.set_palette(self.palette())
