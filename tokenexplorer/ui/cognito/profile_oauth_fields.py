"""The profile editor's hosted-UI settings: scopes, callback ports, identity providers and the
logout URL, each a line edit with its inline note. The values and their rules live in the form
model (`ProfileForm.oauth`, an `OAuthOptions`); these widgets show them and report edits."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from tokenexplorer.cognito.profile_oauth_form import OAuthField, OAuthOptions
from tokenexplorer.ui.cognito.widgets import FieldNote
from tokenexplorer.ui.qt import QtWidgets

OF = OAuthField
# Label (also the accessible name), placeholder and tooltip of each field.
OAUTH_TEXT: dict[OAuthField, tuple[str, str, str]] = {
    OF.SCOPES: ("Hosted UI scopes", "default: openid email profile",
               "The scopes the hosted UI asks for, separated by spaces (custom scopes "
               "are resource-server/name). Empty: openid email profile."),
    OF.PORTS: ("Callback ports", "default: 53682",
              "The loopback ports of the callback http://localhost:PORT/callback, "
              "separated by commas. Cognito matches callback URLs exactly: register "
              "each one on the app client. Empty: 53682."),
    OF.PROVIDERS: ("Identity providers", "optional: Google SignInWithApple …",
                  "The identity providers to offer a button for, separated by spaces "
                  "(Google, SignInWithApple, Facebook, LoginWithAmazon or a SAML/OIDC "
                  "provider's name)."),
    OF.LOGOUT_URI: ("Logout URL", "optional: https://myapp.example/signed-out",
                   "Where the hosted UI's /logout sends the browser after signing out; "
                   "it must be a sign-out URL of the app client."),
}
MAX_TEXT = 2000  # twenty scopes or providers fit; a pasted novel does not
_ATTRS = {OF.SCOPES: "scopes", OF.PORTS: "ports", OF.PROVIDERS: "providers",
          OF.LOGOUT_URI: "logout_uri"}


class OAuthOptionFields:
    """Four line edits and their notes (`rows`: label, edit, note, in the order shown);
    `changed(OAuthOptions)` is called on a user's edit."""

    def __init__(self, changed: Callable[[OAuthOptions], None]) -> None:
        self._changed = changed
        self._loading = False
        self.edits: dict[OAuthField, QtWidgets.QLineEdit] = {}
        self.notes: dict[OAuthField, FieldNote] = {}
        for field, (label, placeholder, tip) in OAUTH_TEXT.items():
            edit = QtWidgets.QLineEdit()
            edit.setAccessibleName(label)
            edit.setPlaceholderText(placeholder)
            edit.setMaxLength(MAX_TEXT)
            edit.setToolTip(tip)
            edit.setAccessibleDescription(tip)
            edit.textChanged.connect(lambda _text: self._report())
            self.edits[field] = edit
            self.notes[field] = FieldNote(label)

    @property
    def rows(self) -> list[tuple[str, QtWidgets.QLineEdit, FieldNote]]:
        return [(OAUTH_TEXT[field][0], self.edits[field], self.notes[field])
                for field in OAUTH_TEXT]

    def show(self, options: OAuthOptions, editable: bool) -> None:
        self._loading = True
        for field, edit in self.edits.items():
            edit.setText(options.text(field))
            edit.setEnabled(editable)
        self._loading = False

    def show_problems(self, problems: dict[OAuthField, str]) -> None:
        for field, note in self.notes.items():
            message = problems.get(field)
            note.set_problems([("error", message)] if message else [])

    def value(self) -> OAuthOptions:
        return dataclasses.replace(OAuthOptions(), **{
            _ATTRS[field]: edit.text() for field, edit in self.edits.items()})

    def _report(self) -> None:
        if not self._loading:
            self._changed(self.value())
