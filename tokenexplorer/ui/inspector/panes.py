"""The inspector's widgets and how they are laid out: splitters whose sizes are restored.

The input and the found-tokens list on top; the claims tree with the claim details on the
left; on the right the signature banner, warnings and key choice (always whole), then the
checks and the coloured raw token. Only layout is saved, never content.
"""

from __future__ import annotations

import itertools

from tokenexplorer.ui import plain
from tokenexplorer.ui.inspector.checks_view import ChecksView
from tokenexplorer.ui.inspector.claim_details import ClaimDetails
from tokenexplorer.ui.inspector.claims_model import NODE_ROLE
from tokenexplorer.ui.inspector.claims_tree import ClaimsTree
from tokenexplorer.ui.inspector.input_messages import InputMessages
from tokenexplorer.ui.inspector.key_source import KeySourcePanel
from tokenexplorer.ui.inspector.layout_helpers import VerticalScroll, column, label, splitter
from tokenexplorer.ui.inspector.raw_token_view import RawTokenView
from tokenexplorer.ui.inspector.signature_banner import SignatureBanner
from tokenexplorer.ui.inspector.token_input import TokenInput
from tokenexplorer.ui.inspector.token_list import TokenList
from tokenexplorer.ui.inspector.warnings_box import WarningsBox
from tokenexplorer.ui.qt import Qt, QtCore, QtWidgets

# First-run splitter sizes (scaled to the space there is): the usual 6–7 checks whole, then
# the raw token; the claims tree wider than the side column.
DEFAULT_SPLITS = {"outer": [170, 600], "input": [600, 200], "body": [720, 480],
                  "side": [200, 150], "tree": [420, 130]}
SAMPLE_HINT = (
    "Sample token: the example Cognito ID token (long expired) from the seed article this "
    "project started from, checked offline at first (opening the app contacts no one; F5 "
    "fetches its pool's keys). Paste your own (Ctrl+Shift+V) or drop a file; nothing you "
    "paste is saved."
)


def _stretch(holder: QtWidgets.QWidget, index: int, factor: int) -> QtWidgets.QBoxLayout:
    layout = holder.layout()
    assert isinstance(layout, QtWidgets.QBoxLayout)  # made by layout_helpers.column
    layout.setStretch(index, factor)
    return layout


def _sample_hint() -> QtWidgets.QLabel:
    hint = plain.label(SAMPLE_HINT)
    hint.setAccessibleName("Sample hint")
    hint.setWordWrap(True)
    hint.setVisible(False)
    font = hint.font()
    font.setItalic(True)
    hint.setFont(font)
    return hint


class InspectorPanes:
    """Creates the inspector's child widgets inside `owner` and keeps its splitters."""

    def __init__(self, owner: QtWidgets.QWidget) -> None:
        self.token_input = TokenInput()
        self.sample_hint = _sample_hint()
        self.messages = InputMessages(owner)
        self.token_list = TokenList()
        self.tree = ClaimsTree()
        self.details = ClaimDetails()
        self.banner = SignatureBanner()
        self.warnings_box = WarningsBox()
        self.key_panel = KeySourcePanel()
        self.checks = ChecksView()
        self.raw_view = RawTokenView()
        self.input_splitter = self._input_row()
        self.outer_splitter = splitter(Qt.Orientation.Vertical, "Input and body splitter",
                                       self.input_splitter, self._body())
        self.outer_splitter.setStretchFactor(0, 1)
        self.outer_splitter.setStretchFactor(1, 4)
        self.reset_layout()
        layout = QtWidgets.QVBoxLayout(owner)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.outer_splitter)
        self._set_tab_order()
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current)
        self.raw_view.segment_clicked.connect(self._on_segment_clicked)

    def _input_row(self) -> QtWidgets.QSplitter:
        input_column = column(label("&Token (paste or drop):", self.token_input),
                              self.token_input, self.sample_hint, self.messages.label)
        _stretch(input_column, 1, 1)
        self.found_box = column(label("Found t&okens:", self.token_list), self.token_list)
        row = splitter(Qt.Orientation.Horizontal, "Input splitter", input_column,
                       self.found_box)
        row.setStretchFactor(0, 3)
        row.setStretchFactor(1, 1)
        self.found_box.setVisible(False)
        return row

    def _body(self) -> QtWidgets.QSplitter:
        tree_column = column(label("Cl&aims:", self.tree), self.tree)
        details_column = column(label("Claim &details:", self.details), self.details)
        self.tree_splitter = splitter(Qt.Orientation.Vertical, "Claims and details splitter",
                                      tree_column, details_column)
        self.tree_splitter.setStretchFactor(0, 3)
        self.tree_splitter.setStretchFactor(1, 1)
        checks_column = column(label("Check&s:", self.checks), self.checks)
        raw_column = column(label("Ra&w token:", self.raw_view), self.raw_view)
        self.side_splitter = splitter(Qt.Orientation.Vertical, "Checks and raw token splitter",
                                      checks_column, raw_column)
        for view in (self.checks, self.raw_view, self.details):  # scroll, rather than make
            view.setMinimumHeight(48)  # the window taller than a 768-pixel screen
        # The verdict and key choice sit above the splitter: always whole, never squeezed.
        # Warnings right under the verdict: a green "valid" never hides them below a scrollbar.
        side_column = column(self.banner, self.warnings_box, self.key_panel, self.side_splitter)
        _stretch(side_column, 3, 1).setSpacing(8)
        # On a short screen the column scrolls as a whole, the verdict and warnings on top,
        # rather than making the window taller than a 768-pixel screen.
        side_scroll = VerticalScroll(side_column, "Signature and checks")
        self.body_splitter = splitter(Qt.Orientation.Horizontal, "Body splitter",
                                      self.tree_splitter, side_scroll)
        self.body_splitter.setStretchFactor(0, 3)
        self.body_splitter.setStretchFactor(1, 2)
        return self.body_splitter

    def _set_tab_order(self) -> None:
        panel = self.key_panel
        order = [self.token_input, self.token_list, self.tree, self.details,
                 self.banner.hmac_button, panel.combo, panel.file_edit, panel.browse_button,
                 panel.url_edit, panel.key_edit, panel.secret_edit, panel.show_secret,
                 panel.offline_box, panel.leeway_spin, self.banner.cancel_button, self.checks,
                 self.raw_view]
        for first, second in itertools.pairwise(order):
            QtWidgets.QWidget.setTabOrder(first, second)

    def show_found_list(self, shown: bool, width: int) -> None:
        """The found-tokens list beside the input, given room when it first appears."""
        if shown and not self.found_box.isVisible():
            total = sum(self.input_splitter.sizes()) or width
            self.input_splitter.setSizes([int(total * 0.6), int(total * 0.4)])
        self.found_box.setVisible(shown)

    # -- the tree, the details and the raw token follow one another ------------------------------
    def _on_tree_current(self, current: QtCore.QModelIndex, _previous: QtCore.QModelIndex) -> None:
        node = current.data(NODE_ROLE) if current.isValid() else None
        self.raw_view.highlight_segment(node.segment if node is not None else None)
        self.details.show_node(node)

    def _on_segment_clicked(self, segment: str) -> None:
        index = self.tree.claims_model.index_for_segment(segment)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        else:
            self.raw_view.highlight_segment(segment)

    # -- layout persistence (layout only: never content) ----------------------------------------
    def splitters(self) -> dict[str, QtWidgets.QSplitter]:
        return {"outer": self.outer_splitter, "input": self.input_splitter,
                "body": self.body_splitter, "side": self.side_splitter,
                "tree": self.tree_splitter}

    def save_layout(self, settings: QtCore.QSettings) -> None:
        for key, holder in self.splitters().items():
            settings.setValue(f"inspector/{key}", holder.saveState())
        settings.setValue("inspector/tree_header", self.tree.header().saveState())

    def restore_layout(self, settings: QtCore.QSettings) -> None:
        for key, holder in self.splitters().items():
            state = settings.value(f"inspector/{key}")
            if isinstance(state, QtCore.QByteArray):
                holder.restoreState(state)
        state = settings.value("inspector/tree_header")
        if isinstance(state, QtCore.QByteArray) and self.tree.header().restoreState(state):
            self.tree.auto_columns = False

    def reset_layout(self) -> None:
        """The first-run splitter sizes and automatic claims columns (View → Reset layout)."""
        for key, sizes in DEFAULT_SPLITS.items():
            self.splitters()[key].setSizes(sizes)
        self.tree.auto_columns = True
        self.tree.fit_columns()
