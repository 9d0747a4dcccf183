"""View → Mask personal data: the window's one Masker, and whether it is on.

One `MaskingView` per window (`PanelHost.masking`): every panel formats its text through
it, at the model/formatting layer, and re-renders on `changed` (the window re-emits it as
`masking_changed`). The Masker lives as long as the window, so a value keeps its
pseudonym when masking is switched off and on again, and wherever it appears (a sub in the
claims tree and in an S3 key). The rules are data: resources/masking.json.
"""

from __future__ import annotations

from typing import Any

from tokenexplorer.activity import ActivityEntry
from tokenexplorer.activity_masking import mask_entry
from tokenexplorer.tokens import mask_inspection
from tokenexplorer.tokens.inspection import FoundToken, Message
from tokenexplorer.tokens.masking import Masker
from tokenexplorer.tokens.model import Check, Report, SignatureResult
from tokenexplorer.ui.qt import QObject, QtGui, QtWidgets, Signal

ACTION_NAME = "Mask personal data"


class MaskingView(QObject):
    """Formats text for display: unchanged while off, pseudonyms while on."""

    changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, masker: Masker | None = None) -> None:
        super().__init__(parent)
        self.masker = masker or Masker()
        self._enabled = False

    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        if enabled == self._enabled:
            return
        self._enabled = enabled
        self.changed.emit(enabled)

    # -- formatting (the identity while masking is off) ----------------------------------------
    # What is personal by its name (a claim, a field) is learnt even while masking is off:
    # switched on, every view then masks that value wherever it shows it, whatever order
    # the views re-render in.
    def text(self, text: str) -> str:
        return self.masker.mask_text(text) if self._enabled and text else text

    def optional(self, text: str | None) -> str | None:
        return None if text is None else self.text(text)

    def value(self, name: str, value: Any) -> Any:
        """A named field's value (a claim, a JSON field) masked by its name and its text."""
        masked = self.masker.mask_value(name, value)
        return masked if self._enabled else value

    def fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        masked = self.masker.mask_claims(fields)
        return masked if self._enabled else fields

    def found(self, found: FoundToken) -> FoundToken:
        if self._enabled:
            return mask_inspection.mask_found(found, self.masker)
        if found.token is not None:  # learnt only (see above)
            self.masker.mask_claims(found.token.header)
            self.masker.mask_claims(found.token.payload or {})
        return found

    def messages(self, messages: list[Message]) -> list[Message]:
        if not self._enabled:
            return messages
        return mask_inspection.mask_messages(messages, self.masker)

    def signature(self, signature: SignatureResult) -> SignatureResult:
        if not self._enabled:
            return signature
        return mask_inspection.mask_signature(signature, self.masker)

    def checks(self, checks: list[Check]) -> list[Check]:
        return mask_inspection.mask_checks(checks, self.masker) if self._enabled else checks

    def report(self, report: Report) -> Report:
        if not self._enabled:
            return report
        return mask_inspection.mask_check_report(report, self.masker)

    def entry(self, entry: ActivityEntry) -> ActivityEntry:
        return mask_entry(entry, self.masker) if self._enabled else entry


def add_masking_action(menu: QtWidgets.QMenu, masking: MaskingView,
                       owner: QtWidgets.QWidget) -> QtGui.QAction:
    """View → Mask personal data (Ctrl+M), checkable, in step with `masking`."""
    action = menu.addAction("&Mask personal data")
    action.setObjectName(ACTION_NAME)
    action.setToolTip("Replace emails, names, phone numbers, IDs and keys by stable pseudonyms")
    action.setCheckable(True)
    action.setShortcut(QtGui.QKeySequence("Ctrl+M"))
    action.toggled.connect(masking.set_enabled)
    masking.changed.connect(action.setChecked)
    owner.addAction(action)
    return action


# Shared by panels made without a window (tests, a trimmed build): never on.
def unmasked() -> MaskingView:
    """A MaskingView that stays off, for a panel given none."""
    return MaskingView()


__all__ = ["ACTION_NAME", "MaskingView", "add_masking_action", "unmasked"]
