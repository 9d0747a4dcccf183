"""The pages of choice-based sign-in (USER_AUTH): the choice of a first factor
(SELECT_CHALLENGE) and passkeys (WEB_AUTHN), which need a browser.

Like the other pages they show and collect; the dialog runs the calls. A choice Token
Explorer cannot answer is listed but disabled, with why. Choosing a passkey is answered by
the core with its plain explanation (newer_errors.WEB_AUTHN), shown like every error; the
hosted-UI offer below it is a button when the window has that sign-in, else a plain
sentence saying it has not.
"""

from __future__ import annotations

from collections.abc import Callable

from tokenexplorer.cognito.challenges import Challenge, ChallengeKind
from tokenexplorer.cognito.newer_errors import WEB_AUTHN, factor_words
from tokenexplorer.cognito.profiles import Profile
from tokenexplorer.cognito.user_auth import CHOOSABLE, FlowChallenge
from tokenexplorer.tokens.safe_text import visible
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.challenge_pages import ChallengePage
from tokenexplorer.ui.cognito.signin_steps import PageKind
from tokenexplorer.ui.cognito.widgets import explanation, helper_text, line_edit
from tokenexplorer.ui.qt import QtWidgets, Signal

PASSWORDS = ("PASSWORD", "PASSWORD_SRP")
NO_HOSTED_UI = ("Signing in through the hosted UI is not built into this version of Token "
                "Explorer yet.")


def choice_label(name: str) -> str:
    """'A code by email (EMAIL_OTP)' — what a radio button says (and is called)."""
    words = factor_words(name)
    return f"{words[:1].upper()}{words[1:]} ({name})" if words != name else name


def hosted_ui_hint(profile: Profile) -> str:
    """Where the user can go instead, when the window cannot take them there."""
    domain = visible(profile.hosted_ui_domain or "")
    if domain:
        return (f"{NO_HOSTED_UI} Open the pool's managed login page in a browser "
                f"(https://{domain}/) to sign in with a passkey there.")
    return f"{NO_HOSTED_UI} This profile has no hosted UI domain either."


class HostedUiOffer(QtWidgets.QWidget):
    """"Sign in with the hosted UI…", or a sentence saying that it is not available."""

    requested = Signal()

    def __init__(self, profile: Profile, available: bool) -> None:
        super().__init__()
        box = QtWidgets.QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.button = plain.button("Sign in with the hosted UI…", "Sign in with the hosted UI")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.requested)
        self.button.setEnabled(available)
        self.hint = helper_text("" if available else hosted_ui_hint(profile),
                                "Hosted UI sign-in")
        self.hint.setVisible(not available)
        self.button.setAccessibleDescription(self.hint.text())
        box.addWidget(self.button)
        box.addWidget(self.hint)


class ChoicePage(ChallengePage):
    """SELECT_CHALLENGE: one radio button per AvailableChallenges entry, a password field
    for PASSWORD / PASSWORD_SRP (filled from the first page), the passkey note."""

    kind = PageKind.CHOICE
    example = ChallengeKind.SELECT_CHALLENGE
    hosted_ui_requested = Signal()

    def __init__(self, profile: Profile, password_source: Callable[[], str], *,
                 hosted_ui: bool) -> None:
        self._password_source = password_source
        self.group = QtWidgets.QButtonGroup()
        self.choices: dict[str, QtWidgets.QRadioButton] = {}
        super().__init__()
        self.password_edit = line_edit("Password", secret=True)
        self.password_row = QtWidgets.QWidget()
        row = QtWidgets.QFormLayout(self.password_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addRow(plain.label("Password"), self.password_edit)
        self.passkey_note = explanation(WEB_AUTHN)
        self.passkey_note.setAccessibleName("Passkey explanation")
        self.offer = HostedUiOffer(profile, hosted_ui)
        self.offer.requested.connect(self.hosted_ui_requested)
        for widget in (self.password_row, self.passkey_note, self.offer):
            self.box.addWidget(widget)
        self.group.buttonToggled.connect(lambda *_: self._follow_choice())
        self._follow_choice()

    def show_challenge(self, challenge: Challenge, emulator: bool) -> None:
        super().show_challenge(challenge, emulator)
        available = challenge.available if isinstance(challenge, FlowChallenge) else ()
        note = challenge.note if isinstance(challenge, FlowChallenge) else ""
        self.set_note(note.replace(" " + WEB_AUTHN, ""))  # said under the passkey choice
        self._set_choices(available)
        self.password_edit.setText(self._password_source())

    def _set_fields(self, fields: object) -> None:
        """The choice is drawn as radio buttons (`_set_choices`), not as form fields."""
        self.fields = {}

    def _set_choices(self, available: tuple[str, ...]) -> None:
        for button in self.choices.values():
            self.group.removeButton(button)
        while self.form.rowCount():
            self.form.removeRow(0)  # deletes the old buttons
        self.choices = {}
        for name in available:
            usable = name in CHOOSABLE or name == "WEB_AUTHN"
            text = choice_label(name) + ("" if usable else " — not supported here")
            button = QtWidgets.QRadioButton(text)
            button.setAccessibleName(choice_label(name))
            button.setEnabled(usable)
            self.group.addButton(button)
            self.form.addRow(button)
            self.choices[name] = button
        first = next((b for n, b in self.choices.items() if b.isEnabled()), None)
        if first is not None:
            first.setChecked(True)
        self._follow_choice()

    @property
    def selected(self) -> str:
        return next((name for name, b in self.choices.items() if b.isChecked()), "")

    def _follow_choice(self) -> None:
        choice = self.selected
        self.password_row.setVisible(choice in PASSWORDS)
        self.passkey_note.setVisible(choice == "WEB_AUTHN")
        self.offer.setVisible(choice == "WEB_AUTHN")

    def answers(self) -> dict[str, str]:
        answers = {"ANSWER": self.selected}
        if self.selected in PASSWORDS:
            answers["PASSWORD"] = self.password_edit.text()
        return answers

    def empty_field(self) -> QtWidgets.QLineEdit | None:
        if self.selected in PASSWORDS and not self.password_edit.text():
            return self.password_edit
        return None

    def focus_first(self) -> None:
        button = self.choices.get(self.selected)
        if self.selected in PASSWORDS and not self.password_edit.text():
            self.password_edit.setFocus()
        elif button is not None:
            button.setFocus()


class PasskeyPage(ChallengePage):
    """WEB_AUTHN asked directly (a preferred passkey): why it cannot be answered here, and
    the way round it."""

    kind = PageKind.PASSKEY
    example = ChallengeKind.WEB_AUTHN
    hosted_ui_requested = Signal()

    def __init__(self, profile: Profile, *, hosted_ui: bool) -> None:
        super().__init__()
        self.set_note(WEB_AUTHN)
        self.offer = HostedUiOffer(profile, hosted_ui)
        self.offer.requested.connect(self.hosted_ui_requested)
        self.box.addWidget(self.offer)

    def show_challenge(self, challenge: Challenge, emulator: bool) -> None:
        super().show_challenge(challenge, emulator)
        self.set_note(WEB_AUTHN)
