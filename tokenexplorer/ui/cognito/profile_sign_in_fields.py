"""The profile editor's two sign-in settings: "Refresh tokens rotate" and the preferred
first factor of choice-based sign-in (USER_AUTH). The values live in the form model
(`ProfileForm.options`); these widgets show them and report the user's changes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from tokenexplorer.cognito.newer_errors import factor_words
from tokenexplorer.cognito.profile_form import PREFERRED_CHOICES, SignInOptions
from tokenexplorer.ui.cognito.widgets import combo_box
from tokenexplorer.ui.qt import QtWidgets

ROTATE_TIP = ("Turn on when the app client rotates refresh tokens: Token Explorer then "
              "refreshes with GetTokensFromRefreshToken and keeps each new refresh token. "
              "Off, rotation is still detected when REFRESH_TOKEN_AUTH is refused.")
PREFERRED_TIP = ("The first factor choice-based sign-in (USER_AUTH) asks for. None: "
                 "Cognito lists the ways this user may sign in and you choose.")


def preferred_label(choice: str) -> str:
    return f"{choice} — {factor_words(choice)}" if choice else "None (choose at sign-in)"


class SignInOptionFields:
    """The checkbox and the combo; `changed(SignInOptions)` is called on a user's change."""

    def __init__(self, changed: Callable[[SignInOptions], None]) -> None:
        self._changed = changed
        self._loading = False
        self.rotate_box = QtWidgets.QCheckBox("Refresh tokens rotate")
        self.rotate_box.setAccessibleName("Refresh tokens rotate")
        self.rotate_box.setToolTip(ROTATE_TIP)
        self.rotate_box.setAccessibleDescription(ROTATE_TIP)
        self.preferred_combo = combo_box("Preferred first factor")
        self.preferred_combo.setToolTip(PREFERRED_TIP)
        self.preferred_combo.setAccessibleDescription(PREFERRED_TIP)
        for choice in PREFERRED_CHOICES:
            self.preferred_combo.addItem(preferred_label(choice), choice)
        self.rotate_box.toggled.connect(lambda _on: self._report())
        self.preferred_combo.currentIndexChanged.connect(lambda _i: self._report())

    def show(self, options: SignInOptions, editable: bool) -> None:
        self._loading = True
        self.rotate_box.setChecked(options.rotate_refresh_tokens)
        index = self.preferred_combo.findData(options.preferred_challenge)
        self.preferred_combo.setCurrentIndex(max(index, 0))
        self._loading = False
        self.rotate_box.setEnabled(editable)
        self.preferred_combo.setEnabled(editable)

    def value(self) -> SignInOptions:
        return dataclasses.replace(SignInOptions(),
                                   rotate_refresh_tokens=self.rotate_box.isChecked(),
                                   preferred_challenge=str(self.preferred_combo.currentData()))

    def _report(self) -> None:
        if not self._loading:
            self._changed(self.value())
