"""Window fixtures, tokens built by the tests, and finding widgets by accessible name."""

from __future__ import annotations

import base64
import json
import os

import jwt
import pytest

from tokenexplorer.resources import read_text
from tokenexplorer.ui.qt import QtWidgets

HMAC_SECRET = "correct horse battery staple, forty bytes!"  # >= 32 bytes: no short-secret flag


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def seed_token() -> str:
    return read_text("samples", "seed-id-token.jwt").strip()


def hs256_token(secret: str = HMAC_SECRET, **claims) -> str:
    payload = {"sub": "u-1", "token_use": "id", "iat": 1_700_000_000,
               "exp": 4_000_000_000, "email": "someone@example.com", **claims}
    return jwt.encode(payload, secret, algorithm="HS256")


def jwe_token() -> str:
    header = {"alg": "RSA-OAEP", "enc": "A256GCM", "cty": "JWT"}
    parts = [b64(json.dumps(header).encode()), b64(os.urandom(256)), b64(os.urandom(12)),
             b64(os.urandom(400)), b64(os.urandom(16))]
    return ".".join(parts)


def by_name(root: QtWidgets.QWidget, name: str) -> QtWidgets.QWidget:
    """The one widget under `root` whose accessible name is `name`."""
    found = [w for w in root.findChildren(QtWidgets.QWidget) if w.accessibleName() == name]
    assert len(found) == 1, f"expected one widget named {name!r}, found {len(found)}"
    return found[0]


def wait_settled(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.inspector.is_busy(), timeout=8000)


def top_level_rows(tree: QtWidgets.QTreeView) -> list[str]:
    model = tree.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def child_rows(tree: QtWidgets.QTreeView, parent_name: str) -> dict[str, str]:
    """{name: value} of the rows under the top-level row `parent_name`."""
    model = tree.model()
    for row in range(model.rowCount()):
        parent = model.index(row, 0)
        if parent.data() == parent_name:
            return {model.index(r, 0, parent).data(): model.index(r, 1, parent).data()
                    for r in range(model.rowCount(parent))}
    raise AssertionError(f"no top-level row {parent_name!r}")


@pytest.fixture
def window(qtbot):
    """A main window, offline, on no token, shown offscreen."""
    from tokenexplorer.ui.main_window import MainWindow
    from tokenexplorer.ui.tasks import wait_for_all

    main = MainWindow()
    main.inspector.key_panel.offline_box.setChecked(True)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.inspector.shutdown()
    wait_for_all(8000)


@pytest.fixture
def full_window(qtbot):
    """The real window with every panel, on the sample, the profile's pool set."""
    from tokenexplorer.ui.app import create_window, install_panels
    from tokenexplorer.ui.tasks import wait_for_all

    window = create_window(remember_layout=False, offline=True)
    qtbot.addWidget(window)
    window.show()
    install_panels(window)
    window.set_verify_context(client_id="3jc88ht7bue6q5ub32varsdqqm",
                              pool_id="us-east-2_D8rs5PBjY")
    wait_settled(qtbot, window)
    yield window
    window.inspector.shutdown()
    window.app_state.close()
    wait_for_all(8000)
