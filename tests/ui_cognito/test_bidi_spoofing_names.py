"""Bidi spoofing: a profile name (from a file) or a user name (from the server) with bidi
overrides or controls is shown escaped in the Cognito dialogs and panels, as claims are
(`invoice\\u202etxt.exe` would read as "invoiceexe.txt")."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from tokenexplorer.ui.aws.shown import session_username
from tokenexplorer.ui.cognito.signin_dialog import SignInDialog
from tokenexplorer.ui.cognito.signup_dialog import SignUpDialog
from tokenexplorer.ui.qt import QtWidgets

DANGER = ("\u202e", "\u2066", "\x1b", "\x07", "\x9b")
HOSTILE = "inv\u202etxt.exe\x1b]52;c;x\x07"


def raw_danger(text: str) -> list[str]:
    return [c for c in DANGER if c in text]


def test_bidi_spoofing_profile_names_are_escaped_in_the_cognito_dialogs(qtbot, state,
                                                                        profile):
    hostile = dataclasses.replace(profile, name=HOSTILE)
    for dialog in (SignInDialog(state, hostile), SignUpDialog(state, hostile)):
        qtbot.addWidget(dialog)
        assert raw_danger(dialog.windowTitle()) == [], dialog.windowTitle()
        assert "⟨U+202E⟩" in dialog.windowTitle()
        for label in dialog.findChildren(QtWidgets.QLabel):
            shown = label.text() + label.accessibleDescription() + label.toolTip()
            assert raw_danger(shown) == [], (label.accessibleName(), shown)


def test_bidi_spoofing_user_names_are_escaped_where_the_session_is_shown():
    session = SimpleNamespace(username="alice\u202egnp.exe")
    assert session_username(session) == "alice⟨U+202E⟩gnp.exe"
