"""The first-start sample is checked offline, and the window says so truthfully.

Opening the app contacts no one, so the bundled sample is verified offline: the Offline box
is ticked for it (what is shown is what is done). Unticking it, or F5, fetches the keys of
its pool as the banner suggests; pasting one's own token gives back the user's setting.
"""

from __future__ import annotations

from dataclasses import replace

from tokenexplorer.tokens.model import KeyProblem, SignatureResult, SignatureStatus
from tokenexplorer.ui.qt import QtWidgets

SAMPLE_REASON = (
    "the sample is checked offline, so opening the app contacts no one: untick Offline or "
    "press F5 to fetch the signing keys of its pool (the seed article's)"
)
OFFLINE_HINT = "untick Offline (Ctrl+Shift+O) to fetch them"


class SampleOffline:
    def __init__(self, box: QtWidgets.QCheckBox) -> None:
        self.box = box
        self.active = False  # Offline was ticked for the sample, not by the user
        self.quiet = False  # the box is being set by code: no verification for that
        box.toggled.connect(self._on_toggled)

    def engage(self) -> None:
        """The sample is shown: tick Offline (unless the user did already)."""
        if not self.box.isChecked():
            self._set(True)
            self.active = True

    def release(self) -> None:
        """Other input is shown: untick Offline again if it was ticked for the sample."""
        if self.active:
            self.active = False
            self._set(False)

    def go_online(self) -> bool:
        """F5 on the sample: untick Offline (that verifies again); False when not engaged."""
        if not (self.active and self.box.isChecked()):
            return False
        self.active = False
        self.box.setChecked(False)
        return True

    def explain(self, signature: SignatureResult, offline: bool) -> SignatureResult:
        """An offline "not checked" says what to do about it."""
        if not offline or signature.status is not SignatureStatus.NOT_CHECKED \
                or signature.key_problem is not KeyProblem.OFFLINE_NO_CACHE:
            return signature
        if self.active:
            return replace(signature, reason=SAMPLE_REASON)
        return replace(signature, reason=f"{signature.reason}; {OFFLINE_HINT}")

    def _set(self, checked: bool) -> None:
        self.quiet = True
        try:
            self.box.setChecked(checked)
        finally:
            self.quiet = False

    def _on_toggled(self, _checked: bool) -> None:
        if not self.quiet:
            self.active = False  # the user's own choice from now on
