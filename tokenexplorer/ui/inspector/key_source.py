"""Where the verification key comes from, the Offline switch and the clock leeway.

The panel only collects the user's choice; `key_source()` turns it into the core's key
source object (tokens/keys.py). Secrets typed here stay in memory, never in settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tokenexplorer.tokens.times import DEFAULT_LEEWAY_S  # the CLI's default too
from tokenexplorer.ui import plain
from tokenexplorer.ui.qt import Qt, QtCore, QtWidgets, Signal

if TYPE_CHECKING:  # imported when a choice is read: not needed to paint the first window
    from tokenexplorer.tokens import keys

AUTOMATIC, JWKS_FILE, JWKS_URL, PASTED, HMAC, DONT_VERIFY = range(6)
CHOICES = (
    "Automatic (Cognito JWKS from iss)",
    "JWKS file…",
    "JWKS URL",
    "PEM or JWK (pasted)",
    "HMAC secret",
    "Don't verify",
)
EDIT_DEBOUNCE_MS = 400


@dataclass(frozen=True)
class KeyChoice:
    """What the panel says: the key source (None = Cognito JWKS), or why it cannot be used."""

    source: keys.KeySource | None
    check_signature: bool
    problem: str | None = None


class KeySourcePanel(QtWidgets.QWidget):
    changed = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QtWidgets.QComboBox()
        self.combo.setAccessibleName("Key source")
        self.combo.setToolTip("Where the key that checks the signature comes from")
        self.combo.addItems(CHOICES)
        self._build_key_fields()
        self._build_options()
        self._build_stack()
        self._lay_out()
        self._debounce = QtCore.QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(EDIT_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.changed)
        self._connect()
        self._on_choice(AUTOMATIC, emit=False)

    # -- building -------------------------------------------------------------------------
    def _build_key_fields(self) -> None:
        """The fields of each key source: a file, a URL, a pasted key, a secret."""
        self.file_edit = QtWidgets.QLineEdit()
        self.file_edit.setAccessibleName("JWKS file")
        self.file_edit.setPlaceholderText("Path to a JWKS file (jwks.json)")
        self.browse_button = QtWidgets.QPushButton("Browse…")
        self.browse_button.setAccessibleName("Choose JWKS file")
        self.browse_button.clicked.connect(self._browse)
        self.url_edit = QtWidgets.QLineEdit()
        self.url_edit.setAccessibleName("JWKS URL")
        self.url_edit.setPlaceholderText("https://…/.well-known/jwks.json")
        self.key_edit = QtWidgets.QPlainTextEdit()
        self.key_edit.setAccessibleName("Pasted key")
        self.key_edit.setPlaceholderText("-----BEGIN PUBLIC KEY-----…, a JWK or a JWKS (JSON)")
        self.key_edit.setTabChangesFocus(True)
        self.key_edit.setMaximumHeight(64)
        self.secret_edit = QtWidgets.QLineEdit()
        self.secret_edit.setAccessibleName("HMAC secret")
        self.secret_edit.setPlaceholderText("The shared secret (kept in memory only)")
        self.secret_edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.show_secret = QtWidgets.QCheckBox("Show")
        self.show_secret.setAccessibleName("Show HMAC secret")
        self.show_secret.toggled.connect(self._toggle_secret)

    def _build_options(self) -> None:
        """Offline, leeway, and the lines that say what the panel cannot use or compares."""
        self.offline_box = QtWidgets.QCheckBox("Offline")
        self.offline_box.setAccessibleName("Offline")
        self.offline_box.setToolTip("Never touch the network: use only cached or given keys")
        self.leeway_spin = QtWidgets.QSpinBox()
        self.leeway_spin.setAccessibleName("Leeway")
        self.leeway_spin.setToolTip("Clock skew allowed for exp, nbf and iat, in seconds")
        self.leeway_spin.setRange(0, 3600)
        self.leeway_spin.setSuffix(" s")
        self.leeway_spin.setValue(DEFAULT_LEEWAY_S)
        self.problem_label = plain.label()
        self.problem_label.setAccessibleName("Key problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setVisible(False)
        self.pool_label = plain.label()
        self.pool_label.setAccessibleName("Profile pool")
        # One line, never broken inside the pool ID; the whole text is in the tooltip.
        self.pool_label.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored,
                                      QtWidgets.QSizePolicy.Policy.Preferred)
        self.pool_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pool_label.setVisible(False)
        self._pool = ""

    def _build_stack(self) -> None:
        """One page per choice, in CHOICES order: only the chosen source's fields show."""
        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(QtWidgets.QWidget())  # automatic: nothing to enter
        self.stack.addWidget(_row(self.file_edit, self.browse_button))
        self.stack.addWidget(_row(self.url_edit))
        self.stack.addWidget(_row(self.key_edit))
        self.stack.addWidget(_row(self.secret_edit, self.show_secret))
        self.stack.addWidget(QtWidgets.QWidget())  # don't verify

    def _lay_out(self) -> None:
        label = plain.label("&Key source:")
        label.setBuddy(self.combo)
        leeway_label = plain.label("&Leeway:")
        leeway_label.setBuddy(self.leeway_spin)
        # Two short rows rather than one long one: the side column can be narrow, so the
        # claims tree keeps room for Name, Value and Meaning on a small screen.
        top = QtWidgets.QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.combo, 1)
        options = QtWidgets.QHBoxLayout()
        options.addWidget(self.offline_box)
        options.addSpacing(12)
        options.addWidget(leeway_label)
        options.addWidget(self.leeway_spin)
        options.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(options)
        layout.addWidget(self.pool_label)
        layout.addWidget(self.stack)
        layout.addWidget(self.problem_label)

    def _connect(self) -> None:
        """Choices and ticks count at once; typing counts once it pauses (or on Enter)."""
        self.combo.currentIndexChanged.connect(self._on_choice)
        self.offline_box.toggled.connect(self.changed)
        self.leeway_spin.valueChanged.connect(self._debounce.start)
        for edit in (self.file_edit, self.url_edit, self.secret_edit):
            edit.textChanged.connect(self._debounce.start)
            edit.returnPressed.connect(self._commit)
        self.key_edit.textChanged.connect(self._debounce.start)

    # -- reading the choice ---------------------------------------------------------------
    def choice(self) -> KeyChoice:
        from tokenexplorer.tokens import keys

        index = self.combo.currentIndex()
        if index == DONT_VERIFY:
            return KeyChoice(None, check_signature=False)
        if index == AUTOMATIC:
            return KeyChoice(keys.CognitoJwks(), True)
        if index == JWKS_FILE:
            path = self.file_edit.text().strip()
            if not path:
                return KeyChoice(None, True, "Choose a JWKS file to check the signature with.")
            return KeyChoice(keys.JwksFile(path), True)
        if index == JWKS_URL:
            url = self.url_edit.text().strip()
            if not url:
                return KeyChoice(None, True, "Enter the JWKS URL to check the signature with.")
            return KeyChoice(keys.JwksUrl(url), True)
        if index == PASTED:
            try:
                return KeyChoice(keys.key_source_from_text(self.key_edit.toPlainText()), True)
            except ValueError as error:
                return KeyChoice(None, True, str(error))
        secret = self.secret_edit.text()
        if not secret:
            return KeyChoice(None, True, "Enter the HMAC secret to check the signature with.")
        return KeyChoice(keys.HmacSecret(secret), True)

    @property
    def offline(self) -> bool:
        return self.offline_box.isChecked()

    @property
    def leeway(self) -> int:
        return self.leeway_spin.value()

    def show_problem(self, text: str | None) -> None:
        self.problem_label.setText(text or "")
        self.problem_label.setVisible(bool(text))

    # -- set by code (tests, other panels) --------------------------------------------------
    def select(self, index: int) -> None:
        self.combo.setCurrentIndex(index)

    def reset_to_automatic(self) -> None:
        """Back to the Cognito JWKS from iss, quietly (the caller verifies next)."""
        blocked = self.combo.blockSignals(True)
        self.combo.setCurrentIndex(AUTOMATIC)
        self.combo.blockSignals(blocked)
        self._on_choice(AUTOMATIC, emit=False)

    def use_jwks_file(self, path: str) -> None:
        """JWKS file `path`, quietly (the caller verifies next): the samples' own keys."""
        blocked = self.combo.blockSignals(True)
        self.combo.setCurrentIndex(JWKS_FILE)
        self.combo.blockSignals(blocked)
        blocked = self.file_edit.blockSignals(True)
        self.file_edit.setText(path)
        self.file_edit.blockSignals(blocked)
        self._on_choice(JWKS_FILE, emit=False)

    def uses_jwks_file(self, path: str) -> bool:
        return self.combo.currentIndex() == JWKS_FILE and self.file_edit.text() == path

    def show_pool(self, pool_id: str | None) -> None:
        """Say which pool the profile expects (iss and audience are compared with it)."""
        self._pool = pool_id or ""
        text = f"Compared with profile's pool {pool_id}" if pool_id else ""
        plain.set_tooltip(self.pool_label, text)
        self.pool_label.setAccessibleDescription(text)
        self.pool_label.setVisible(bool(pool_id))
        self._fit_pool_text()

    def _fit_pool_text(self) -> None:
        """The longest wording that fits the panel's width: never cut off at the edge."""
        pool, width = self._pool, self.pool_label.width() or self.width()
        if not pool:
            self.pool_label.setText("")
            return
        metrics = self.pool_label.fontMetrics()
        for text in (f"Compared with profile's pool {pool}", f"Profile's pool: {pool}",
                     f"Pool {pool}"):
            if metrics.horizontalAdvance(text) <= width:
                self.pool_label.setText(text)
                return
        self.pool_label.setText(metrics.elidedText(f"Pool {pool}", Qt.TextElideMode.ElideRight,
                                                   max(width, 0)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_pool_text()

    def set_hmac_secret(self, secret: str) -> None:
        self.combo.setCurrentIndex(HMAC)
        self.secret_edit.setText(secret)
        self._commit()

    # -- internals ------------------------------------------------------------------------
    def _on_choice(self, index: int, emit: bool = True) -> None:
        self.stack.setCurrentIndex(index)
        policy = QtWidgets.QSizePolicy.Policy
        for page_index in range(self.stack.count()):  # the stack takes the shown page's height
            page = self.stack.widget(page_index)
            shown = page_index == index
            if page is not None:
                page.setSizePolicy(policy.Preferred if shown else policy.Ignored,
                                   policy.Preferred if shown else policy.Ignored)
        self.stack.adjustSize()
        self.stack.setVisible(index not in (AUTOMATIC, DONT_VERIFY))
        if emit:  # focus stays on the combo: arrowing through the choices must keep working
            self._commit()

    def _commit(self) -> None:
        self._debounce.stop()
        self.changed.emit()

    def _toggle_secret(self, shown: bool) -> None:
        mode = QtWidgets.QLineEdit.EchoMode
        self.secret_edit.setEchoMode(mode.Normal if shown else mode.Password)

    def _browse(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Choose a JWKS file", "", "JWKS (*.json);;All files (*)"
        )
        if path:
            self.file_edit.setText(path)
            self._commit()


def _row(*widgets: QtWidgets.QWidget) -> QtWidgets.QWidget:
    holder = QtWidgets.QWidget()
    layout = QtWidgets.QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1 if widget is widgets[0] else 0)
    return holder
