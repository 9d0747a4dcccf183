"""`tokenexplorer --smoke-test`: prove a build starts and has what it loads dynamically.

Called by `run_gui` after the main window is created on the sample token. Each check prints
one line to stdout (`smoke ok   <name>: <detail>` or `smoke FAIL <name>: <reason>`); the exit
status is 0 when all passed. It runs the same from source and frozen, so CI can run it on the
built bundle: a missing Qt plugin, resource, keyring backend or engine module fails here
instead of on a user's desktop. An unusable keyring (no D-Bus, locked) is reported, not a
failure; a keyring backend that cannot even be imported is.
"""

from __future__ import annotations

import importlib
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from tokenexplorer.ui.qt import QtCore, QtGui, QtWidgets

SANDBOX_TIMEOUT_S = 60
KEYRING_TIMEOUT_S = 20
MIN_COLOURS = 3  # a window that drew its widgets and text has many; a blank one has 1


class SmokeFailure(Exception):
    """A check failed; the message is the reason printed."""


def _out(line: str) -> None:
    if sys.stdout is not None:  # a windowed Windows exe has no stdout
        print(line, flush=True)


def _find(window: QtWidgets.QWidget, accessible_name: str) -> QtWidgets.QWidget:
    for widget in window.findChildren(QtWidgets.QWidget):
        if widget.accessibleName() == accessible_name:
            return widget
    raise SmokeFailure(f"the window has no widget named {accessible_name!r}")


def _widget_text(widget: QtWidgets.QWidget) -> str:
    for getter in ("toPlainText", "text", "currentText"):
        if hasattr(widget, getter):
            return str(getattr(widget, getter)())
    return ""


def check_window(app: QtWidgets.QApplication, window: QtWidgets.QWidget) -> str:
    if not window.isVisible():
        window.show()
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and not window.isVisible():
        app.processEvents()
    app.processEvents()
    image = window.grab().toImage()
    if image.isNull() or image.width() < 50 or image.height() < 50:
        size = f"{image.width()}x{image.height()}"
        raise SmokeFailure(f"the window rendered to an empty image ({size})")
    colours = set()
    step_x, step_y = max(1, image.width() // 48), max(1, image.height() // 48)
    for x in range(0, image.width(), step_x):
        for y in range(0, image.height(), step_y):
            colours.add(image.pixel(x, y))
    if len(colours) < MIN_COLOURS:
        raise SmokeFailure(f"the window rendered blank ({len(colours)} colour(s))")
    title = window.windowTitle() or "(no title)"
    return f"{title!r} rendered {image.width()}x{image.height()}, {len(colours)} colours"


def check_sample_token_shown(app: QtWidgets.QApplication, window: QtWidgets.QWidget) -> str:
    token_input = _find(window, "Token input")
    text = _widget_text(token_input).strip()
    if text.count(".") < 2:
        raise SmokeFailure("the token input does not hold a token (expected the sample token)")
    tree = _find(window, "Claims tree")
    model = tree.model() if isinstance(tree, QtWidgets.QAbstractItemView) else None
    rows = model.rowCount() if model is not None else 0
    if rows == 0:
        raise SmokeFailure("the claims tree is empty (the sample token did not decode)")
    return f"token of {len(text)} characters, claims tree with {rows} top-level rows"


def check_icon(app: QtWidgets.QApplication, window: QtWidgets.QWidget) -> str:
    icon = window.windowIcon()
    if icon.isNull():
        raise SmokeFailure(
            "the window has no icon (apply_app_identity(app) not called, or the SVG plugin "
            "is missing)"
        )
    pixmap = icon.pixmap(QtCore.QSize(48, 48))
    if pixmap.isNull():
        raise SmokeFailure("the window icon does not render (Qt's SVG icon engine missing?)")
    formats = {bytes(f.data()).decode() for f in QtGui.QImageReader.supportedImageFormats()}
    if "svg" not in formats:
        raise SmokeFailure("Qt cannot read SVG images (imageformats/libqsvg missing)")
    return f"window icon renders at {pixmap.width()}x{pixmap.height()}; SVG image format present"


def check_resources(app: QtWidgets.QApplication, window: QtWidgets.QWidget) -> str:
    from tokenexplorer.resources import resource_dir, resource_path

    resource_path("icons", "tokenexplorer.svg")
    samples = sorted(p.name for p in resource_path("samples").iterdir())
    if not samples:
        raise SmokeFailure(f"no sample tokens in {resource_dir() / 'samples'}")
    how = "frozen" if getattr(sys, "frozen", False) else "source"
    return f"{resource_dir()} ({how}); samples: {', '.join(samples)}"


def check_catalogue(app: QtWidgets.QApplication, window: QtWidgets.QWidget) -> str:
    from tokenexplorer.resources import load_json
    from tokenexplorer.tokens import catalogue

    for name in ("exp", "iss", "token_use", "cognito:username", "custom:anything"):
        if catalogue.claim(name) is None:
            raise SmokeFailure(f"the claim catalogue does not explain {name!r}")
    if catalogue.header("alg") is None or catalogue.header("kid") is None:
        raise SmokeFailure("the claim catalogue does not explain the header parameters")
    data = load_json("claims.json")
    return f"{len(data['claims'])} claims, {len(data['header'])} header parameters explained"


def check_sample_token_decodes(app: QtWidgets.QApplication, window: QtWidgets.QWidget) -> str:
    from tokenexplorer.resources import resource_path
    from tokenexplorer.tokens.decode import decode
    from tokenexplorer.tokens.explain import build_tree

    names = []
    for path in sorted(resource_path("samples").glob("*.jw[te]")):
        token = decode(path.read_text(encoding="utf-8").strip(), source=path.name)
        if not build_tree(token):
            raise SmokeFailure(f"{path.name} decoded to an empty claims tree")
        names.append(f"{path.name} ({token.kind.label})")
    if not names:
        raise SmokeFailure("no sample token (*.jwt, *.jwe) in resources/samples")
    return ", ".join(names)


def _platform_keyring_modules() -> list[str]:
    if sys.platform == "darwin":
        return ["keyring.backends.macOS", "keyring.backends.macOS.api"]
    if sys.platform == "win32":
        return ["keyring.backends.Windows", "win32ctypes.pywin32.win32cred"]
    return ["keyring.backends.SecretService", "secretstorage", "jeepney.io.blocking"]


def _in_thread(func: Callable[[], Any], timeout: float, what: str) -> Any:
    """Run blocking work (D-Bus, sockets) with a limit, so a hung service cannot hang CI."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = func()
        except BaseException as exc:
            box["error"] = exc

    worker = threading.Thread(target=target, name=f"smoke-{what}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise SmokeFailure(f"{what} did not answer within {timeout:.0f} s")
    if "error" in box:
        raise box["error"]
    return box["result"]


def check_keyring(app: QtWidgets.QApplication, window: QtWidgets.QWidget) -> str:
    from importlib import metadata

    for module_name in _platform_keyring_modules():
        try:
            importlib.import_module(module_name)
        except ImportError as exc:
            raise SmokeFailure(
                f"keyring backend module {module_name} cannot be imported: {exc}"
            ) from None
    if not metadata.entry_points(group="keyring.backends"):
        raise SmokeFailure("keyring's entry points are missing (its metadata is not bundled)")
    from tokenexplorer.keyring_store import keyring_status

    status = _in_thread(keyring_status, KEYRING_TIMEOUT_S, "the keyring")
    if status.usable:
        kind = "the system's" if status.is_system else "not the system's"
        return f"usable: {status.backend} ({kind})"
    return f"not usable (reported, not a failure): {status.reason}"


def _sign_in_srp(info: Any) -> Any:
    """The demo user signed in as the app signs in: CognitoAuth's USER_SRP_AUTH, then the
    PASSWORD_VERIFIER answered with our own SRP maths (no boto3 shortcut, no password flow)."""
    from tokenexplorer.cognito.auth import Challenge, CognitoAuth, Tokens

    auth = CognitoAuth(info.profile(), connect_timeout=5, read_timeout=20)
    step = auth.sign_in(info.username, info.password, flow="srp")
    if not (isinstance(step, Challenge) and step.name == "PASSWORD_VERIFIER"):
        raise SmokeFailure(f"the SRP sign-in did not ask for PASSWORD_VERIFIER ({step!r})")
    step = auth.respond(step, {})
    if not isinstance(step, Tokens):
        raise SmokeFailure(f"the SRP sign-in did not end with tokens ({step!r})")
    return step


def _verify_id_token(info: Any, id_token: str, jwks: Any) -> str:
    """The ID token checked by the app's own verifier against the sandbox's JWKS."""
    from tokenexplorer.tokens.decode import decode
    from tokenexplorer.tokens.keys import keys_from_jwks
    from tokenexplorer.tokens.model import SignatureStatus
    from tokenexplorer.tokens.verify import VerifyOptions, failed, verify

    keys = keys_from_jwks(jwks, "the sandbox's JWKS", "sandbox keys")
    options = VerifyOptions(client_id=info.client_id, pool_id=info.user_pool_id)
    report = verify(decode(id_token, source="smoke sign-in"), keys, options)
    if report.signature.status is not SignatureStatus.VALID or failed(report):
        bad = [f"{c.name}: {c.detail}" for c in report.checks if c.ok is False]
        raise SmokeFailure(f"the signed-in ID token did not verify: {report.signature.reason}"
                           + (f"; {'; '.join(bad)}" if bad else ""))
    return report.signature.status.value


def _exercise_sandbox() -> str:
    import json

    from tokenexplorer.cognito.sandbox import start_sandbox

    started = time.perf_counter()
    with start_sandbox(persist=False) as sandbox:  # never the user's saved sandbox
        info = sandbox.info
        jwks_url = f"{info.endpoint_url}/{info.user_pool_id}/.well-known/jwks.json"
        from tokenexplorer.deadline import http_get

        jwks = json.loads(http_get(jwks_url, seconds=10, max_bytes=1_000_000))  # one deadline
        if not jwks.get("keys"):
            raise SmokeFailure("the sandbox's JWKS has no keys (the engine's data files missing?)")
        tokens = _sign_in_srp(info)
        signature = _verify_id_token(info, tokens.id_token, jwks)
    took = time.perf_counter() - started
    return (f"emulator started, seeded, JWKS served, demo user signed in with SRP, "
            f"ID token signature {signature} ({took:.1f} s)")


def check_sandbox(app: QtWidgets.QApplication, window: QtWidgets.QWidget) -> str:
    importlib.import_module("ministack")  # the engine runs in a child: bundled?
    importlib.import_module("hypercorn")
    return _in_thread(_exercise_sandbox, SANDBOX_TIMEOUT_S, "the sandbox")


CHECKS: tuple[tuple[str, Callable[[QtWidgets.QApplication, QtWidgets.QWidget], str]], ...] = (
    ("window", check_window),
    ("token-shown", check_sample_token_shown),
    ("icon", check_icon),
    ("resources", check_resources),
    ("catalogue", check_catalogue),
    ("sample-decode", check_sample_token_decodes),
    ("keyring", check_keyring),
    ("sandbox", check_sandbox),
)


def run_smoke_test(app: QtWidgets.QApplication, window: QtWidgets.QWidget) -> int:
    """Run every check, print one line each, return 0 when all passed (else 1)."""
    failed: list[str] = []
    for name, check in CHECKS:
        try:
            detail = check(app, window)
        except SmokeFailure as exc:
            failed.append(name)
            _out(f"smoke FAIL {name}: {exc}")
        except Exception as exc:  # an import error or crash inside a check is its failure
            failed.append(name)
            _out(f"smoke FAIL {name}: {type(exc).__name__}: {exc}")
        else:
            _out(f"smoke ok   {name}: {detail}")
    if failed:
        _out(f"smoke: {len(failed)} of {len(CHECKS)} checks failed: {', '.join(failed)}")
        return 1
    _out(f"smoke: all {len(CHECKS)} checks passed")
    return 0
