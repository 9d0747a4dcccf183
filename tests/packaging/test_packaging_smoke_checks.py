"""The smoke-test checks themselves: they pass on a real window and fail for the right reasons."""

from __future__ import annotations

import sys

import pytest

from tokenexplorer import keyring_store
from tokenexplorer.cognito.auth import CognitoAuth
from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.srp import SrpClient, SrpError
from tokenexplorer.resources import read_text
from tokenexplorer.tokens import decode as decode_module
from tokenexplorer.ui import smoke
from tokenexplorer.ui.app_identity import app_icon
from tokenexplorer.ui.qt import QtGui, QtWidgets


def _window_with_token(qtbot) -> QtWidgets.QMainWindow:
    window = QtWidgets.QMainWindow()
    window.setWindowTitle("Token Explorer")
    window.setWindowIcon(app_icon())
    body = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(body)
    token_input = QtWidgets.QPlainTextEdit(read_text("samples", "seed-id-token.jwt"))
    token_input.setAccessibleName("Token input")
    tree = QtWidgets.QTreeWidget()
    tree.setAccessibleName("Claims tree")
    tree.addTopLevelItem(QtWidgets.QTreeWidgetItem(["sub", "abc"]))
    layout.addWidget(token_input)
    layout.addWidget(tree)
    window.setCentralWidget(body)
    window.resize(640, 480)
    qtbot.addWidget(window)
    return window


def _blank_window(qtbot) -> QtWidgets.QWidget:
    window = QtWidgets.QWidget()
    window.setAutoFillBackground(True)
    palette = window.palette()
    palette.setColor(QtGui.QPalette.ColorRole.Window, QtGui.QColor("white"))
    window.setPalette(palette)
    window.resize(300, 200)
    qtbot.addWidget(window)
    return window


def test_window_check_passes_on_a_drawn_window(qtbot, qapp):
    detail = smoke.check_window(qapp, _window_with_token(qtbot))
    assert "rendered 640x480" in detail


def test_window_check_fails_on_a_blank_window(qtbot, qapp):
    with pytest.raises(smoke.SmokeFailure, match="rendered blank"):
        smoke.check_window(qapp, _blank_window(qtbot))


def test_sample_token_check_reads_the_named_widgets(qtbot, qapp):
    detail = smoke.check_sample_token_shown(qapp, _window_with_token(qtbot))
    assert "1 top-level rows" in detail
    with pytest.raises(smoke.SmokeFailure, match="'Token input'"):
        smoke.check_sample_token_shown(qapp, _blank_window(qtbot))


def test_icon_check_needs_a_window_icon(qtbot, qapp):
    assert "renders at 48x48" in smoke.check_icon(qapp, _window_with_token(qtbot))
    bare = _blank_window(qtbot)
    previous = qapp.windowIcon()
    qapp.setWindowIcon(QtGui.QIcon())
    try:
        with pytest.raises(smoke.SmokeFailure, match="no icon"):
            smoke.check_icon(qapp, bare)
    finally:
        qapp.setWindowIcon(previous)


def test_resources_check_names_the_folder_and_samples(qtbot, qapp):
    detail = smoke.check_resources(qapp, _blank_window(qtbot))
    assert "(source)" in detail and "seed-id-token.jwt" in detail


@pytest.fixture
def fresh_keyring_status():
    """The keyring probed anew for the test, and again afterwards (the status is cached)."""
    keyring_store.refresh_status()
    yield
    keyring_store.refresh_status()


@pytest.mark.keyring
def test_keyring_check_names_the_secret_service_it_uses(qtbot, qapp, fresh_keyring_status):
    # The suite runs against a real, unlocked gnome-keyring (scripts/test.sh, wt-pytest).
    detail = smoke.check_keyring(qapp, _blank_window(qtbot))
    assert detail == "usable: Secret Service (the system's)"


def test_keyring_check_reports_an_unreachable_keyring_without_failing(
    qtbot, qapp, monkeypatch, fresh_keyring_status
):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/te-no-bus")
    keyring_store.refresh_status()
    detail = smoke.check_keyring(qapp, _blank_window(qtbot))
    assert detail.startswith("not usable (reported, not a failure): No secure keyring")
    assert "Secret Service:" in detail


@pytest.mark.parametrize(
    ("platform", "modules"),
    [
        ("linux", ["keyring.backends.SecretService", "secretstorage", "jeepney.io.blocking"]),
        ("darwin", ["keyring.backends.macOS", "keyring.backends.macOS.api"]),
        ("win32", ["keyring.backends.Windows", "win32ctypes.pywin32.win32cred"]),
    ],
)
def test_keyring_check_imports_the_platforms_own_backend(monkeypatch, platform, modules):
    monkeypatch.setattr(sys, "platform", platform)
    assert smoke._platform_keyring_modules() == modules


def test_keyring_check_fails_when_the_backend_cannot_be_imported(qtbot, qapp, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setitem(sys.modules, "secretstorage", None)  # import raises ImportError
    with pytest.raises(smoke.SmokeFailure, match="secretstorage cannot be imported"):
        smoke.check_keyring(qapp, _blank_window(qtbot))


def test_run_smoke_test_prints_a_line_per_check_and_fails_on_any(qtbot, qapp, monkeypatch, capsys):
    checks = (("window", smoke.check_window), ("icon", smoke.check_icon))
    monkeypatch.setattr(smoke, "CHECKS", checks)
    assert smoke.run_smoke_test(qapp, _window_with_token(qtbot)) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[:3] for line in out[:2]] == [
        ["smoke", "ok", "window:"], ["smoke", "ok", "icon:"]
    ]
    assert out[-1] == "smoke: all 2 checks passed"

    blank = _blank_window(qtbot)
    blank.setWindowIcon(app_icon())
    assert smoke.run_smoke_test(qapp, blank) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("smoke FAIL window: the window rendered blank")
    assert out[1].startswith("smoke ok   icon:")
    assert out[-1] == "smoke: 1 of 2 checks failed: window"


def test_sandbox_check_signs_in_with_the_apps_srp_flow_and_verifies(qtbot, qapp, monkeypatch):
    calls: list[tuple[str, str]] = []
    original = CognitoAuth._call

    def recording(self, operation, **params):
        calls.append((operation, params.get("AuthFlow") or params.get("ChallengeName", "")))
        return original(self, operation, **params)

    monkeypatch.setattr(CognitoAuth, "_call", recording)
    detail = smoke.check_sandbox(qapp, _blank_window(qtbot))
    assert "demo user signed in with SRP, ID token signature valid" in detail
    assert calls == [("initiate_auth", "USER_SRP_AUTH"),
                     ("respond_to_auth_challenge", "PASSWORD_VERIFIER")]


def test_sandbox_check_fails_when_the_srp_maths_fails(qtbot, qapp, monkeypatch):
    def broken(self, **kwargs):
        raise SrpError("broken in this build")

    monkeypatch.setattr(SrpClient, "password_claim", broken)
    with pytest.raises(CognitoError, match="SRP exchange failed: broken in this build"):
        smoke.check_sandbox(qapp, _blank_window(qtbot))


def test_sandbox_check_fails_when_the_id_token_does_not_verify(qtbot, qapp, monkeypatch):
    original = decode_module.decode

    def tampered(text, **kwargs):  # a different signature: the verifier must refuse it
        head, _, signature = text.rpartition(".")
        flipped = ("B" if signature[0] == "A" else "A") + signature[1:]
        return original(f"{head}.{flipped}", **kwargs)

    monkeypatch.setattr(decode_module, "decode", tampered)
    with pytest.raises(smoke.SmokeFailure, match="the signed-in ID token did not verify"):
        smoke.check_sandbox(qapp, _blank_window(qtbot))


def test_catalogue_check_uses_the_token_core(qtbot, qapp):
    detail = smoke.check_catalogue(qapp, _blank_window(qtbot))
    assert "claims" in detail and "header parameters explained" in detail


def test_sample_decode_check_decodes_every_sample(qtbot, qapp):
    assert "seed-id-token.jwt (ID token)" in smoke.check_sample_token_decodes(
        qapp, _blank_window(qtbot)
    )
