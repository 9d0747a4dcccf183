"""File → Samples: a gallery of labelled tokens, one line each; Open inspects the chosen one.

The list is data (resources/samples/index.json, read by tokens/samples.py). Opening a sample
puts it in the inspector, which verifies the gallery's samples with the SAMPLE JWKS.
"""

from __future__ import annotations

from collections.abc import Callable

from tokenexplorer.tokens.samples import Sample, SampleError, samples
from tokenexplorer.ui import plain
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets

INTRO = ("Tokens for lessons, each showing one thing. The signed ones are signed with Token "
         "Explorer's SAMPLE key (public on purpose, never a real key) and verify with the "
         "sample JWKS, offline.")


class SampleList(QtWidgets.QListWidget):
    """One row per sample: its title in bold above its line, wrapped to the width."""

    def add_sample(self, sample: Sample) -> None:
        item = QtWidgets.QListWidgetItem()
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{sample.title}: {sample.line}")
        item.setData(Qt.ItemDataRole.DisplayRole, "")
        card = QtWidgets.QWidget()
        title, line = plain.label(sample.title), plain.label(sample.line)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        line.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(card)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(1)
        layout.addWidget(title)
        layout.addWidget(line)
        card.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.addItem(item)
        self.setItemWidget(item, card)
        self._fit(item)

    def selectionChanged(self, selected: QtCore.QItemSelection,
                         deselected: QtCore.QItemSelection) -> None:
        """The chosen card's text in the highlight's colour (readable on it, light or dark)."""
        super().selectionChanged(selected, deselected)
        role = QtGui.QPalette.ColorRole
        for row in range(self.count()):
            item = self.item(row)
            card = self.itemWidget(item) if item is not None else None
            if item is None or card is None:
                continue
            colour = role.HighlightedText if item.isSelected() else role.WindowText
            for label in card.findChildren(QtWidgets.QLabel):
                label.setForegroundRole(colour)

    def _fit(self, item: QtWidgets.QListWidgetItem) -> None:
        card = self.itemWidget(item)
        layout = card.layout() if card is not None else None
        if layout is not None:
            width = max(120, self.viewport().width())
            item.setSizeHint(QtCore.QSize(width, layout.totalHeightForWidth(width)))

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        for row in range(self.count()):
            item = self.item(row)
            if item is not None:
                self._fit(item)


class SamplesDialog(QtWidgets.QDialog):
    def __init__(self, open_token: Callable[[str], None],
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Samples")
        self.setAccessibleName("Samples")
        self._open_token = open_token
        self.samples: tuple[Sample, ...] = samples()
        intro = plain.label(INTRO)
        intro.setWordWrap(True)
        self.list = SampleList()
        self.list.setAccessibleName("Sample tokens")
        self.list.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        for sample in self.samples:
            self.list.add_sample(sample)
        self.problem = plain.label()
        self.problem.setAccessibleName("Sample problem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.open_button = plain.button("&Open", "Open sample", "Inspect the chosen token")
        self.open_button.setDefault(True)
        close = plain.button("Close", "Close samples")
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self.open_current)
        close.clicked.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.open_current())
        self.list.currentRowChanged.connect(lambda row: self.open_button.setEnabled(row >= 0))
        if self.samples:
            self.list.setCurrentRow(0)
        self.resize(680, 620)

    def open_current(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.samples):
            return
        try:
            text = self.samples[row].text()
        except SampleError as error:
            self.problem.setText(str(error))
            self.problem.setVisible(True)
            return
        self._open_token(text)
        self.accept()
