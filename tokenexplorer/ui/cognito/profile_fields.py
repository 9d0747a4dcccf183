"""The profile form's fields: one line edit per ID with its inline note, the client-secret row,
Revert and Save. It puts the user's edits into a `cognito.profile_form.ProfileForm` and shows
what that model says; the rules (what is valid, what shows, what is dirty) live there.
"""

from __future__ import annotations

from tokenexplorer.cognito.ids import ProfileField
from tokenexplorer.cognito.profile_form import FORM_FIELDS, ProfileForm, SignInOptions
from tokenexplorer.cognito.profile_oauth_form import OAuthOptions
from tokenexplorer.cognito.profiles import ProfileStore
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.profile_oauth_fields import OAuthOptionFields
from tokenexplorer.ui.cognito.profile_secret import ClientSecretRow
from tokenexplorer.ui.cognito.profile_sign_in_fields import SignInOptionFields
from tokenexplorer.ui.cognito.widgets import FieldNote
from tokenexplorer.ui.qt import QtWidgets

F = ProfileField
# Label (also the accessible name) and placeholder of each field.
FIELD_TEXT: dict[ProfileField, tuple[str, str]] = {
    F.USER_POOL_ID: ("User pool ID", "eu-west-1_AbC123xyz"),
    F.CLIENT_ID: ("App client ID", "26 letters and digits"),
    F.REGION: ("Region", "filled in from the user pool ID"),
    F.IDENTITY_POOL_ID: ("Identity pool ID", "optional: eu-west-1:0a1b2c3d-…"),
    F.BUCKET: ("Bucket", "optional: S3 bucket name"),
    F.HOSTED_UI_DOMAIN: ("Hosted UI domain", "optional: myapp.auth.eu-west-1.amazoncognito.com"),
    F.ENDPOINT_URL: ("Endpoint URL", "optional: http://127.0.0.1:5000 for a local emulator"),
}


def _buddy_label(text: str, buddy: QtWidgets.QWidget) -> QtWidgets.QLabel:
    label = plain.label(text)
    label.setBuddy(buddy)
    return label


def _stack(edit: QtWidgets.QWidget, note: QtWidgets.QWidget) -> QtWidgets.QWidget:
    box = QtWidgets.QWidget()
    column = QtWidgets.QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(1)
    column.addWidget(edit)
    column.addWidget(note)
    return box


class ProfileFields(QtWidgets.QWidget):
    """Title, fields and the Revert/Save buttons of the profile `form` holds; the user's edits
    go into `form`, and the widgets follow it."""

    def __init__(self, form: ProfileForm, store: ProfileStore,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self._loading = False
        self._busy = False
        self.title = plain.label()
        self.title.setAccessibleName("Profile title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.secret = ClientSecretRow(store)
        self.secret.edit.textChanged.connect(self._secret_changed)
        self.edits: dict[ProfileField, QtWidgets.QLineEdit] = {}
        self.notes: dict[ProfileField, FieldNote] = {}
        self.oauth = OAuthOptionFields(self._oauth_changed)
        form_layout = QtWidgets.QFormLayout()
        form_layout.setFieldGrowthPolicy(
            QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form_layout.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.WrapLongRows)
        for field in FORM_FIELDS:
            label, placeholder = FIELD_TEXT[field]
            edit = QtWidgets.QLineEdit()
            edit.setAccessibleName(label)
            edit.setPlaceholderText(placeholder)
            edit.textChanged.connect(lambda text, f=field: self._changed(f, text))
            edit.textEdited.connect(lambda text, f=field: self._typed(f, text))
            self.edits[field] = edit
            self.notes[field] = FieldNote(label)
            form_layout.addRow(_buddy_label(label, edit), _stack(edit, self.notes[field]))
            if field is F.CLIENT_ID:
                form_layout.addRow(_buddy_label("Client secret", self.secret.edit), self.secret)
            if field is F.HOSTED_UI_DOMAIN:
                for text, oauth_edit, oauth_note in self.oauth.rows:
                    form_layout.addRow(_buddy_label(text, oauth_edit),
                                       _stack(oauth_edit, oauth_note))
        self.sign_in = SignInOptionFields(self._options_changed)
        form_layout.addRow(_buddy_label("First factor", self.sign_in.preferred_combo),
                           self.sign_in.preferred_combo)
        form_layout.addRow("", self.sign_in.rotate_box)
        self.save_button = QtWidgets.QPushButton("Save")
        self.save_button.setAccessibleName("Save profile")
        self.save_button.setDefault(True)
        self.revert_button = QtWidgets.QPushButton("Revert")
        self.revert_button.setAccessibleName("Revert profile")
        actions = QtWidgets.QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)
        column = QtWidgets.QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addLayout(form_layout)
        column.addLayout(actions)

    def _changed(self, field: ProfileField, text: str) -> None:
        if self._loading:
            return
        if self.form.set(field, text):  # the region followed the user pool ID
            self._loading = True
            self.edits[F.REGION].setText(self.form.values[F.REGION])
            self._loading = False
        self.refresh()

    def _typed(self, field: ProfileField, text: str) -> None:
        self.form.typed(field, text)
        self.refresh()

    def _secret_changed(self, text: str) -> None:
        if not self._loading:
            self.form.secret = text
            self.refresh()

    def _options_changed(self, options: SignInOptions) -> None:
        self.form.options = options
        self.refresh()

    def _oauth_changed(self, options: OAuthOptions) -> None:
        self.form.oauth = options
        self.refresh()

    def show_form(self) -> None:
        """Every field from the form (not reported as edits), and the saved secret's state."""
        self._loading = True
        for field, edit in self.edits.items():
            edit.setText(self.form.values[field])
        self.secret.show_state(self.form.saved)
        self._loading = False
        editable = self.form.editing
        for edit in self.edits.values():
            edit.setEnabled(editable)
        self.secret.edit.setEnabled(editable)
        self.sign_in.show(self.form.options, editable)
        self.oauth.show(self.form.oauth, editable)
        self.refresh()

    def set_busy(self, busy: bool) -> None:
        """No Save while the profiles are being changed in the background."""
        self._busy = busy
        self.refresh()

    def refresh(self) -> None:
        """Each field's problems under it, the title, and what Save and Revert may do."""
        form = self.form
        for field, note in self.notes.items():
            note.set_problems([(p.level, p.message) for p in form.shown_problems(field)])
        self.oauth.show_problems(form.oauth.problems() if form.editing else {})
        self.title.setText(form.title())
        self.save_button.setEnabled(form.can_save and not self._busy)
        self.revert_button.setEnabled(form.can_revert)
