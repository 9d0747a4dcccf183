"""A status line saying which keyring holds our secrets, or plainly that none is usable.

The probe touches D-Bus, so it runs off the GUI thread; listeners get the KeyringStatus
through `status_known` (the sign-in dialog uses it to enable or disable "Remember me").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.widgets import helper_text, set_tone
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.qt import QObject, Qt, QtWidgets, Signal
from tokenexplorer.ui.tasks import TaskContext, run_task

if TYPE_CHECKING:
    from tokenexplorer.keyring_store import KeyringStatus

_probe_cache: KeyringStatus | None = None


def probe_keyring(owner: QObject, callback: Callable[[KeyringStatus], None], *,
                  refresh: bool = False) -> None:
    """Call `callback(KeyringStatus)` on the GUI thread while `owner` lives; probes once."""
    if _probe_cache is not None and not refresh:
        callback(_probe_cache)
        return

    def work(_ctx: TaskContext) -> KeyringStatus:
        from tokenexplorer import keyring_store

        return keyring_store.refresh_status() if refresh else keyring_store.keyring_status()

    def done(status: KeyringStatus) -> None:
        global _probe_cache
        _probe_cache = status
        callback(status)

    def failed(exc: BaseException) -> None:
        callback(unchecked_status(exc))

    run_task(owner, work, name="keyring-status", on_result=done, on_error=failed)


def unchecked_status(exc: BaseException) -> KeyringStatus:
    """The status to show when the probe itself failed: unusable, with the one translator's
    words (never the exception's own text, which might quote a D-Bus argument)."""
    from tokenexplorer.explained import ExplainedError
    from tokenexplorer.keyring_store import KeyringStatus

    error = describe_error(exc)
    if isinstance(exc, ExplainedError):  # already plain words (e.g. KeyringUnavailable)
        return KeyringStatus(False, "none", False, error.message)
    detail = f" ({error.code})" if error.code else ""
    return KeyringStatus(False, "none", False, f"The keyring could not be checked{detail}.")


def forget_probe() -> None:
    """Tests and "Check again" use this to probe afresh."""
    global _probe_cache
    _probe_cache = None


class KeyringBanner(QtWidgets.QWidget):
    """"Keyring: Secret Service (system)" or "No secure keyring: <reason>" + Check again."""

    status_known = Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: KeyringStatus | None = None
        self.label = plain.label("Keyring: checking…")
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Keyring status")
        self.again = QtWidgets.QToolButton()
        self.again.setText("Check again")
        self.again.setAccessibleName("Check keyring again")
        self.again.hide()
        self.again.clicked.connect(lambda: self.check(refresh=True))
        self.details = QtWidgets.QToolButton()
        self.details.setText("Details")
        self.details.setAccessibleName("Keyring details")
        self.details.setCheckable(True)
        self.details.setAutoRaise(True)
        self.details.hide()
        self.reason = helper_text("", "Keyring reason")
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason.hide()
        self.details.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details.setArrowType(Qt.ArrowType.RightArrow)
        self.details.toggled.connect(self.reason.setVisible)
        self.details.toggled.connect(lambda shown: self.details.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow))
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.details, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.again, 0, Qt.AlignmentFlag.AlignTop)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addLayout(row)
        layout.addWidget(self.reason)
        self.check()

    def check(self, refresh: bool = False) -> None:
        self.label.setText("Keyring: checking…")
        probe_keyring(self, self._show, refresh=refresh)

    def _show(self, status: KeyringStatus) -> None:
        """Say the fact once; the technical reason sits behind Details (and the tooltip)."""
        self.status = status
        if status.usable:
            kind = "the system's keyring" if status.is_system else "not the system's keyring"
            self.label.setText(f"Keyring: {status.backend} ({kind}).")
            set_tone(self.label, "")
            self.again.hide()
            self.details.hide()
            self.details.setChecked(False)
        else:
            self.label.setText("No secure keyring: sign-ins and client secrets are not "
                               "remembered after you close the app.")
            set_tone(self.label, "warning")
            self.again.show()
            self.details.show()
        self.reason.setText(technical_reason(status.reason))
        self.reason.setVisible(not status.usable and self.details.isChecked())
        plain.set_tooltip(self.label, status.reason)
        self.label.setAccessibleDescription(f"{self.label.text()} {status.reason}")
        self.status_known.emit(status)


def technical_reason(reason: str) -> str:
    """The reason without the sentence the banner already says."""
    lead = "No secure keyring is usable, so nothing can be remembered. "
    return reason[len(lead):] if reason.startswith(lead) else reason
