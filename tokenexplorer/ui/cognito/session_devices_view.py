"""The session panel's devices: this sign-in's device with "Remember this device"
(UpdateDeviceStatus), and the user's devices (ListDevices) with Forget (ForgetDevice, after
asking). Every call runs in the background; the core (`cognito.session_devices`) decides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tokenexplorer.cognito import session_devices
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.widgets import InlineMessage, helper_text
from tokenexplorer.ui.errors import describe_error
from tokenexplorer.ui.qt import Qt, QtWidgets
from tokenexplorer.ui.tasks import run_task

if TYPE_CHECKING:
    from tokenexplorer.cognito.devices import Device
    from tokenexplorer.cognito.session import Session
    from tokenexplorer.cognito.session_devices import SessionDevice

REMEMBER_TIP = ("A remembered device proves itself at the next sign-in (DEVICE_SRP_AUTH), "
                "so the pool may skip MFA for it.")


def device_line(device: Device, own_key: str) -> str:
    """One row of the list: name, key, remembered or not, when last used."""
    when = device.last_authenticated.strftime("%Y-%m-%d %H:%M") if (
        device.last_authenticated) else "never"
    mark = " (this machine)" if device.device_key == own_key else ""
    status = {"remembered": "remembered", "not_remembered": "not remembered"}.get(
        device.remembered, "status unknown")
    return (f"{device.name or 'unnamed device'}{mark} — {device.device_key} — {status} — "
            f"last sign-in {when}")


class DevicesView(QtWidgets.QWidget):
    """Shown while signed in. `confirm(title, question) -> bool` asks before forgetting."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self.confirm: Callable[[str, str], bool] = self._ask
        self._own_key = ""
        self._loading = False
        self.this_device = helper_text("", "This device")
        self.remember_box = QtWidgets.QCheckBox("Remember this device")
        self.remember_box.setAccessibleName("Remember this device")
        self.remember_box.setToolTip(REMEMBER_TIP)
        self.remember_box.toggled.connect(self._remember_toggled)
        self.listing = QtWidgets.QListWidget()
        self.listing.setAccessibleName("Devices of this user")
        self.listing.setMaximumHeight(110)
        self.listing.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list_button = plain.button("List devices", "List devices")
        self.forget_button = plain.button("Forget device…", "Forget device")
        self.forget_button.setEnabled(False)
        self.list_button.clicked.connect(self.load)
        self.forget_button.clicked.connect(self._forget_selected)
        self.listing.currentItemChanged.connect(
            lambda item, _old: self.forget_button.setEnabled(item is not None))
        self.message = InlineMessage(name="Devices message")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = plain.label("Devices")
        heading.setAccessibleName("Devices heading")
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.list_button)
        buttons.addWidget(self.forget_button)
        buttons.addStretch(1)
        for widget in (heading, self.this_device, self.remember_box, self.listing):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.show_session(None)

    # -- what is shown

    def show_session(self, session: Session | None) -> None:
        """A new (or no) session: its device, and its list when it has a device."""
        self.session = session
        self.listing.clear()
        self.message.clear()
        self.setVisible(session is not None and session.signed_in)
        if session is None or not session.signed_in:
            return
        run_task(self, lambda _ctx: session_devices.device_of(session), name="session-device",
                 on_result=lambda device: self._show_device(session, device),
                 on_error=self._failed)

    def _show_device(self, session: Session, device: SessionDevice | None) -> None:
        if session is not self.session:
            return
        self._loading = True
        self.remember_box.setVisible(device is not None)
        if device is None:
            self._own_key = ""
            self.this_device.setText("This sign-in has no remembered device (the pool does "
                                     "not track devices, or none was confirmed).")
        else:
            credentials = device.credentials
            self._own_key = credentials.device_key
            kept = ("kept in the keyring" if device.stored
                    else "kept for this run only (Remember me was off)")
            self.this_device.setText(f"This device: {credentials.device_key}, {kept}.")
            self.remember_box.setChecked(credentials.remembered)
            if device.problem:
                self.message.show_message("warning", device.problem)
            self.load()
        self._loading = False

    # -- calls

    def load(self) -> None:
        """ListDevices in the background."""
        session = self.session
        if session is None:
            return
        self.list_button.setEnabled(False)

        def shown(rows: list[Device]) -> None:
            self.list_button.setEnabled(True)
            self.listing.clear()
            for device in rows:
                item = QtWidgets.QListWidgetItem(device_line(device, self._own_key))
                item.setData(Qt.ItemDataRole.UserRole, device.device_key)
                self.listing.addItem(item)
            if not rows:
                self.message.show_message("info", "The pool lists no devices for this user.")

        run_task(self, lambda _ctx: session_devices.list_for(session), name="list-devices",
                 on_result=shown, on_error=self._failed)

    def _remember_toggled(self, on: bool) -> None:
        session = self.session
        if self._loading or session is None:
            return
        self.remember_box.setEnabled(False)

        def done(device: SessionDevice) -> None:
            self.remember_box.setEnabled(True)
            self.message.show_message(
                "warning" if device.problem else "ok", device.problem or (
                    "Remembered: this device may skip MFA at the next sign-in." if on else
                    "Not remembered: the next sign-in asks for MFA again."))
            self.load()

        def failed(exc: BaseException) -> None:
            self._loading = True
            self.remember_box.setChecked(not on)
            self._loading = False
            self.remember_box.setEnabled(True)
            self._failed(exc)

        run_task(self, lambda _ctx: session_devices.set_remembered(session, on),
                 name="remember-device", on_result=done, on_error=failed)

    def _forget_selected(self) -> None:
        item, session = self.listing.currentItem(), self.session
        if item is None or session is None:
            return
        key = str(item.data(Qt.ItemDataRole.UserRole))
        own = key == self._own_key
        question = (f"Forget the device {key}? The pool stops trusting it"
                    + (": this machine will be asked for MFA again at the next sign-in."
                       if own else "; its next sign-in asks for MFA again."))
        if not self.confirm("Forget device?", question):
            return

        def done(was_own: bool) -> None:
            self.message.show_message("ok", "Forgot this machine's device." if was_own
                                      else f"Forgot the device {key}.")
            if was_own:
                self._show_device(session, None)
            self.load()

        run_task(self, lambda _ctx: session_devices.forget(session, key), name="forget-device",
                 on_result=done, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.list_button.setEnabled(True)
        error = describe_error(exc)
        self.message.show_message("error", error.message, error.code)

    def _ask(self, title: str, question: str) -> bool:
        buttons = QtWidgets.QMessageBox.StandardButton
        return plain.ask(self, title, question, buttons.Yes | buttons.No,
                         buttons.No) == buttons.Yes
