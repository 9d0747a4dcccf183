"""What the inspector says is true: the sample's offline state, fetch failures in words,
warnings beside the verdict, broken parts named, notices only for the user's own input."""

from __future__ import annotations

import gzip
import json
import socket
import time
from pathlib import Path

import jwt
import pytest

from tests.ui.conftest import by_name, hs256_token, wait_settled
from tokenexplorer.ui.qt import Qt, QtCore, QtGui

RAW_NETWORK_WORDS = ("Errno", "gaierror", "URLError")


def menu_action(window, text: str) -> QtGui.QAction:
    for action in window.findChildren(QtGui.QAction):
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no action {text!r}")


@pytest.fixture
def no_dns(monkeypatch):
    """Name resolution fails, as on a machine without network."""
    def fail(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)


@pytest.fixture
def first_start(qtbot):
    from tokenexplorer.activity import ActivityLog
    from tokenexplorer.ui.app import create_window
    from tokenexplorer.ui.tasks import wait_for_all

    window = create_window()
    log = ActivityLog()
    window.set_activity_log(log)
    window.activity_log = log
    qtbot.addWidget(window)
    window.show()
    wait_settled(qtbot, window)
    yield window
    window.inspector.shutdown()
    wait_for_all(8000)


def assert_fetch_failed_in_words(qtbot, window) -> None:
    banner = by_name(window, "Signature status")
    qtbot.waitUntil(lambda: "could not resolve" in banner.text(), timeout=8000)
    wait_settled(qtbot, window)
    text = banner.text()
    assert "cognito-idp.us-east-2.amazonaws.com" in text and "no network" in text
    assert not any(word in text for word in RAW_NETWORK_WORDS), text
    status = window.statusBar().currentMessage()
    assert "fetched" not in status.lower().replace("could not fetch", "")
    assert "could not resolve" in status, status
    [entry] = window.activity_log.entries()
    assert entry.outcome == "could not resolve host"


def test_the_sample_says_why_it_is_not_checked_and_f5_fetches(qtbot, first_start, no_dns):
    window = first_start
    banner = by_name(window, "Signature status")
    assert by_name(window, "Offline").isChecked()
    assert "sample is checked offline" in banner.text() and "F5" in banner.text()
    assert window.activity_log.entries() == []  # opening the app contacted no one
    menu_action(window, "Check again").trigger()  # F5, as the banner says
    assert not by_name(window, "Offline").isChecked()
    assert_fetch_failed_in_words(qtbot, window)


def test_unticking_offline_on_the_sample_fetches(qtbot, first_start, no_dns):
    window = first_start
    offline = by_name(window, "Offline")
    qtbot.mouseClick(offline, Qt.MouseButton.LeftButton,
                     pos=QtCore.QPoint(8, offline.height() // 2))  # the box itself
    assert not offline.isChecked()
    assert_fetch_failed_in_words(qtbot, window)


def moto_signed_token() -> tuple[str, str]:
    """A token signed with moto's built-in key, and moto's public JWKS."""
    import moto

    resources = Path(moto.__file__).parent / "cognitoidp" / "resources"
    private = json.loads(gzip.decompress((resources / "jwks-private.json.gz").read_bytes()))
    public = gzip.decompress((resources / "jwks-public.json.gz").read_bytes()).decode()
    key = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(private))
    now = int(time.time())
    token = jwt.encode({"sub": "u-1", "token_use": "id", "iat": now, "exp": now + 3600,
                        "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Moto",
                        "aud": "client"}, key, "RS256", headers={"kid": "dummy"})
    return token, public


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_warnings_are_seen_with_a_valid_verdict(qtbot, full_window, size):
    """In the real window with its Pool and Activity docks, at laptop and projector sizes."""
    window = full_window
    token, public_jwks = moto_signed_token()
    window.resize(*size)
    by_name(window, "Key source").setCurrentText("PEM or JWK (pasted)")
    by_name(window, "Pasted key").setPlainText(public_jwks)
    window.show_text(token)
    banner = by_name(window, "Signature status")
    qtbot.waitUntil(lambda: banner.status == "valid", timeout=8000)
    wait_settled(qtbot, window)
    warnings = by_name(window, "Signature warnings")
    assert warnings.isVisible() and "forge" in warnings.text()
    top = warnings.mapTo(window, warnings.rect().topLeft())
    assert top.y() + warnings.height() <= window.height()
    assert warnings.visibleRegion().boundingRect().height() == warnings.height()
    assert warnings.height() >= warnings.heightForWidth(warnings.width())  # no clipped line


def test_a_broken_part_is_named_in_the_window(qtbot, window):
    header, payload, signature = hs256_token().split(".")
    window.show_text(f"token: {header}.{payload[:8]}!{payload[8:]}.{signature}")
    wait_settled(qtbot, window)
    message = by_name(window, "Input problem").text()
    assert "Could not decode the payload" in message and "'!'" in message
    assert "No token-shaped text" not in message


def test_the_opaque_refresh_notice_is_only_for_the_users_input(qtbot, window):
    uuid = "f9d57c4c-9255-46e8-ae7d-9a324bb263dc"
    window.show_tokens([("ID token", hs256_token()), ("RefreshToken", uuid)])
    wait_settled(qtbot, window)
    message = by_name(window, "Input problem")
    assert "opaque" not in message.text() or not message.isVisible()
    window.show_text(json.dumps({"IdToken": hs256_token(), "RefreshToken": uuid}))
    wait_settled(qtbot, window)
    assert message.isVisible() and "opaque" in message.text()


def test_the_window_and_the_cli_share_one_default_leeway(window):
    from tokenexplorer.cli import _command_parser
    from tokenexplorer.tokens.times import DEFAULT_LEEWAY_S
    from tokenexplorer.tokens.verify import VerifyOptions

    parser, _ = _command_parser("decode")
    cli_default = parser.parse_args(["x"]).leeway
    assert by_name(window, "Leeway").value() == cli_default == DEFAULT_LEEWAY_S
    assert VerifyOptions().leeway == DEFAULT_LEEWAY_S


def test_unbounded_work_caps_are_said_in_the_window(qtbot, window):
    from tokenexplorer.tokens.limits import MAX_TOKENS_PER_INPUT

    many = [hs256_token(sub=f"u-{n}") for n in range(MAX_TOKENS_PER_INPUT + 5)]
    window.show_text("\n".join(many))
    wait_settled(qtbot, window)
    assert by_name(window, "Found tokens").count() == MAX_TOKENS_PER_INPUT
    assert f"more than {MAX_TOKENS_PER_INPUT} tokens" in by_name(window, "Input problem").text()

    assert not window.inspector.load_file("/dev/zero")  # st_size 0, yet endless
    message = by_name(window, "Input problem")
    assert message.isVisible() and "more than 20 MB" in message.text()
