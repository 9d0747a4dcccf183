"""The client-secret row of the profile form, and its keyring work off the GUI thread.

The secret typed here goes to the keyring (or stays in memory, saying why) — never into the
profiles file. Where a saved secret is kept is asked in the background and said under the
field; the words come from `cognito.client_secrets`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.cognito.client_secrets import NO_SECRET_TEXT, describe_location
from tokenexplorer.cognito.profiles import Profile, ProfileStore, SecretLocation
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.widgets import set_tone
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.qt import QtWidgets, Signal
from tokenexplorer.ui.tasks import run_task

if TYPE_CHECKING:
    from tokenexplorer.keyring_store import KeyringStatus
    from tokenexplorer.ui.tasks import TaskContext


class ClientSecretRow(QtWidgets.QWidget):
    """A password field, a Forget button and a note saying where the secret is kept."""

    # Where a stored secret went, and the profile as re-read from the store (None if gone).
    stored = Signal(str, object)

    def __init__(self, store: ProfileStore, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._shown: str | None = None  # the profile whose secret the note describes
        self.edit = QtWidgets.QLineEdit()
        self.edit.setAccessibleName("Client secret")
        self.edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText("only if the app client has one")
        self.forget_button = QtWidgets.QToolButton()
        self.forget_button.setText("Forget")
        self.forget_button.setAccessibleName("Forget client secret")
        self.forget_button.clicked.connect(self._forget)
        self.note = plain.label()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Client secret storage")
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.forget_button)
        column = QtWidgets.QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addLayout(row)
        column.addWidget(self.note)

    def _say(self, text: str, *, warn: bool = False) -> None:
        self.note.setText(text)
        set_tone(self.note, "warning" if warn else "")

    def _say_location(self, location: SecretLocation, status: KeyringStatus) -> None:
        self._say(describe_location(location, status), warn=location != "keyring")

    def show_state(self, profile: Profile | None) -> None:
        """Clear the field and say where `profile`'s secret is (asked in the background)."""
        self.edit.clear()
        self._shown = profile.name if profile is not None else None
        self.forget_button.setVisible(profile is not None and profile.has_client_secret)
        if profile is None or not profile.has_client_secret:
            self.note.setText(NO_SECRET_TEXT if profile is not None else "")
            return
        self.note.setText("A client secret is set; checking where it is kept…")
        name = profile.name

        def work(_ctx: TaskContext) -> tuple[SecretLocation, KeyringStatus]:
            from tokenexplorer import keyring_store
            from tokenexplorer.cognito.profiles import secret_storage_state

            return secret_storage_state(name), keyring_store.keyring_status()

        def done(result: tuple[SecretLocation, KeyringStatus]) -> None:
            if self._shown == name:
                self._say_location(*result)

        run_task(self, work, name="secret-location", on_result=done)

    def _forget(self) -> None:
        if self._shown is not None:
            self.store(self._shown, None)

    def store(self, name: str, secret: str | None) -> None:
        """Keyring write off the GUI thread (None: forget it); the note says where it went."""
        store = self._store
        self.edit.clear()
        self.note.setText("Storing the client secret…" if secret else
                          "Forgetting the client secret…")

        def work(_ctx: TaskContext) -> tuple[SecretLocation, KeyringStatus, Profile | None]:
            from tokenexplorer import keyring_store

            location = store.set_client_secret(name, secret)
            return location, keyring_store.keyring_status(), store.get(name)

        def done(result: tuple[SecretLocation, KeyringStatus, Profile | None]) -> None:
            location, status, profile = result
            if self._shown == name and profile is not None:
                self.forget_button.setVisible(profile.has_client_secret)
                if location == "none":
                    self._say(NO_SECRET_TEXT)
                else:
                    self._say_location(location, status)
            self.stored.emit(location, profile)

        def failed(exc: BaseException) -> None:
            self.note.setText(describe_error(exc).message)

        run_task(self, work, name="store-client-secret", on_result=done, on_error=failed)
