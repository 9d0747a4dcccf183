"""View → Mask personal data over the whole window: a learner's token, session,
credentials, S3 listing and activity shown, and none of their personal values left in any
widget text, tooltip, accessible name, model item or export once masking is on."""

from __future__ import annotations

import json

import pytest

from tests.ui.view_checks import action
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets

WAIT = 15_000
EMAIL = "ada.lovelace@example.org"
PHONE = "+447700900123"
NAME = "Ada Lovelace"
USERNAME = "adalovelace1815"
PASSWORD = "Analytical-Engine-1843"
# Every standard role a view renders or a screen reader reads (display … accessible
# description). Custom roles carry data, not text: the S3 model's key role holds the real
# key the actions use, never shown; the claims tree's node role is what its details pane
# and copies render, so it is walked too, as is the activity log's tooltip text role.
_STANDARD_ROLES = tuple(range(0, 13))


def _roles(model: QtCore.QAbstractItemModel) -> tuple[int, ...]:
    from tokenexplorer.ui.cognito.activity_panel import ActivityModel
    from tokenexplorer.ui.inspector.claims_model import NODE_ROLE, ClaimsModel

    if isinstance(model, ClaimsModel):
        return (*_STANDARD_ROLES, NODE_ROLE)
    if isinstance(model, ActivityModel):
        return (*_STANDARD_ROLES, int(Qt.ItemDataRole.UserRole) + 700)
    return _STANDARD_ROLES


def _widget_texts(widget: QtWidgets.QWidget) -> list[str]:
    texts = [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription(),
             widget.statusTip(), widget.whatsThis(), widget.windowTitle()]
    if isinstance(widget, QtWidgets.QLabel | QtWidgets.QAbstractButton | QtWidgets.QLineEdit):
        texts.append(widget.text())
    if isinstance(widget, QtWidgets.QLineEdit):
        texts.append(widget.placeholderText())
    if isinstance(widget, QtWidgets.QPlainTextEdit | QtWidgets.QTextEdit):
        texts.append(widget.toPlainText())
    if isinstance(widget, QtWidgets.QComboBox):
        texts.extend(widget.itemText(i) for i in range(widget.count()))
    if isinstance(widget, QtWidgets.QTabBar):
        texts.extend(widget.tabText(i) for i in range(widget.count()))
        texts.extend(widget.tabToolTip(i) for i in range(widget.count()))
    if isinstance(widget, QtWidgets.QStatusBar):
        texts.append(widget.currentMessage())
    return texts


def _model_texts(model: QtCore.QAbstractItemModel,
                 parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> list[str]:  # noqa: B008
    texts = []
    for row in range(model.rowCount(parent)):
        for column in range(64):  # a list model's columnCount is private in Qt
            index = model.index(row, column, parent)
            if not index.isValid():
                break
            texts.extend(str(value) for role in _roles(model)
                         if (value := index.data(role)) is not None)
            if column == 0 and model.rowCount(index) > 0:
                texts.extend(_model_texts(model, index))
    return texts


def everything_shown(window: QtWidgets.QMainWindow) -> str:
    """Every text a user or a screen reader can get at, joined."""
    texts: list[str] = []
    models: set[int] = set()
    for widget in [window, *window.findChildren(QtWidgets.QWidget)]:
        texts.extend(_widget_texts(widget))
        if isinstance(widget, QtWidgets.QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            while model is not None and id(model) not in models:
                models.add(id(model))
                texts.extend(_model_texts(model))
                model = model.sourceModel() if isinstance(
                    model, QtCore.QAbstractProxyModel) else None
    for item in window.findChildren(QtGui.QAction):
        texts.extend((item.text(), item.toolTip(), item.statusTip()))
    return "\n".join(t for t in texts if t)


ACCOUNT = "210987654321"
IDENTITY = "us-east-1:5e1f0a4c-7b7e-4b59-9d3a-0c2f6d8e9a11"
ACCESS_KEY = "ASIAZ7TEACHQ2EXAMPLE"
SUB = "9f6c2d1e-3b4a-4c5d-8e7f-a1b2c3d4e5f6"


def _tokens():
    import time

    import jwt

    from tokenexplorer.cognito.auth import Tokens

    now = int(time.time())
    common = {"sub": SUB, "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Teach",
              "iat": now, "exp": now + 3600, "auth_time": now}
    id_token = jwt.encode({**common, "token_use": "id", "aud": "teachclient",
                           "cognito:username": USERNAME, "email": EMAIL, "email_verified": True,
                           "phone_number": PHONE, "name": NAME}, "k" * 32, algorithm="HS256")
    access = jwt.encode({**common, "token_use": "access", "client_id": "teachclient",
                         "username": USERNAME, "scope": "openid email"}, "k" * 32,
                        algorithm="HS256")
    return Tokens(id_token=id_token, access_token=access, refresh_token=None, expires_in=3600)


def _activity(sub_key: str) -> list:
    from datetime import UTC, datetime

    from tokenexplorer.activity import ActivityEntry

    now = datetime.now(UTC)
    idp = "https://cognito-idp.us-east-1.amazonaws.com/"
    return [
        ActivityEntry(now, "cognito-idp", "InitiateAuth", idp, 41.0, "success",
                      {"AuthFlow": "USER_PASSWORD_AUTH",
                       "AuthParameters": {"USERNAME": USERNAME, "PASSWORD": "‹redacted›"}},
                      {"ChallengeParameters": {"USER_ID_FOR_SRP": USERNAME}}),
        ActivityEntry(now, "cognito-identity", "GetId", "https://cognito-identity.amazonaws.com/",
                      20.0, "success", {"AccountId": ACCOUNT}, {"IdentityId": IDENTITY}),
        ActivityEntry(now, "cognito-identity", "GetCredentialsForIdentity",
                      "https://cognito-identity.amazonaws.com/", 25.0, "success",
                      {"IdentityId": IDENTITY},
                      {"Credentials": {"AccessKeyId": ACCESS_KEY, "SecretKey": "‹redacted›"}}),
        ActivityEntry(now, "s3", "ListObjectsV2", f"https://class-bucket.s3.amazonaws.com/{sub_key}",
                      30.0, "AccessDenied", {"Prefix": f"public/{IDENTITY}/{EMAIL}/"}, {}),
    ]


@pytest.fixture
def teaching_window(qtbot):
    """The full window: a learner's tokens inspected, their session, authenticated
    credentials, an S3 listing naming their identity and email, and the calls they made,
    each through the panel's own rendering API (no network: the data is what Cognito, STS
    and S3 would have answered)."""
    from datetime import UTC, datetime, timedelta

    from tokenexplorer.aws.clients import AwsCredentials
    from tokenexplorer.aws.identity_credentials import CallerIdentity, IdentityCredentials
    from tokenexplorer.aws.s3_types import S3Object
    from tokenexplorer.cognito.auth import CognitoAuth
    from tokenexplorer.cognito.sandbox import SandboxInfo
    from tokenexplorer.cognito.session import Session
    from tokenexplorer.ui.app import create_window, install_panels
    from tokenexplorer.ui.aws.credentials_view import describe_kind
    from tokenexplorer.ui.tasks import wait_for_all

    window = create_window(remember_layout=False, offline=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    state = install_panels(window)
    profile = SandboxInfo("http://127.0.0.1:9", "us-east-1", "us-east-1_Teach", "teachclient",
                          "us-east-1:00000000-0000-0000-0000-000000000000", "class-bucket",
                          USERNAME, PASSWORD).profile()
    state.set_profile(profile)
    tokens = _tokens()
    state.set_session(Session(CognitoAuth(profile), tokens, profile_name=profile.name))
    window.show_tokens([("ID token", tokens.id_token), ("Access token", tokens.access_token)])
    assert window.aws_ui is not None and window.cognito_ui is not None
    view = window.aws_ui.credentials.view
    creds = IdentityCredentials(IDENTITY, "authenticated",
                                AwsCredentials(ACCESS_KEY, "s" * 40, "t" * 80),
                                datetime.now(UTC) + timedelta(hours=1), subject=SUB)
    view.show_credentials(creds, describe_kind("authenticated", USERNAME))
    view.show_caller(CallerIdentity(
        f"arn:aws:sts::{ACCOUNT}:assumed-role/Cognito_Auth_Role/CognitoIdentityCredentials",
        ACCOUNT, f"AROA:{USERNAME}"), sandbox=False)
    view.show_button.setChecked(True)
    view.show_secrets(creds)
    s3 = window.aws_ui.s3
    prefix = f"public/{IDENTITY}/"
    s3.model.reset(prefix)
    s3.model.add_page([f"{prefix}{EMAIL}/"],
                      [S3Object(f"{prefix}{NAME}.txt", 12, datetime.now(UTC), "e", "STANDARD")])
    s3.breadcrumb.set_path("class-bucket", prefix)
    s3.masked.show_prefix(prefix)
    s3.status.say(f"2 items under {prefix}")
    s3.note_label.say(f"Uploaded {prefix}{NAME}.txt")
    s3.masked.show_url(f"https://class-bucket.s3.amazonaws.com/{prefix}{NAME}.txt?"
                       f"X-Amz-Credential={ACCESS_KEY}%2F20261206")
    entries = _activity(prefix)
    for entry in entries:
        state.activity.add(entry)
    activity = window.cognito_ui.activity_panel
    qtbot.waitUntil(lambda: activity.model.rowCount() == len(entries), timeout=WAIT)
    activity.table.selectRow(1)
    personal = {"email": EMAIL, "phone": PHONE, "name": NAME, "username": USERNAME,
                "sub": SUB, "identity ID": IDENTITY, "account ID": ACCOUNT,
                "access key": ACCESS_KEY,
                # base64url is no disguise: the segments spell the very claims masked
                "ID token payload": tokens.id_token.split(".")[1]}
    yield window, personal
    window.inspector.shutdown()
    state.close()
    wait_for_all(10_000)


def _leaks(text: str, personal: dict[str, str]) -> dict[str, str]:
    """{what: the first line showing it} for each personal value found in `text`."""
    return {what: next(line for line in text.splitlines() if value in line)[:160]
            for what, value in personal.items() if value in text}


def test_masking_hides_every_personal_value_everywhere(qtbot, teaching_window, tmp_path):
    window, personal = teaching_window
    shown = everything_shown(window)
    # Unmasked, the window does show them (else this test could not fail).
    assert set(_leaks(shown, personal)) == set(personal)
    mask = action(window, "Mask personal data")
    assert mask.isCheckable() and mask.shortcut() == QtGui.QKeySequence("Ctrl+M")
    with qtbot.waitSignal(window.masking_changed, timeout=WAIT):
        mask.trigger()
    qtbot.waitUntil(lambda: not window.inspector.is_busy(), timeout=WAIT)
    window.tabs.setCurrentIndex(0)
    assert _leaks(everything_shown(window), personal) == {}
    assert "@example.invalid" in everything_shown(window)  # the pseudonyms are shown
    # The exports follow what is shown.
    activity = window.cognito_ui.activity_panel
    export = tmp_path / "activity.json"
    activity.export_to(export)
    assert json.loads(export.read_text(encoding="utf-8"))
    assert _leaks(export.read_text(encoding="utf-8"), personal) == {}
    inspector = window.inspector
    for copy in (inspector.copy_payload_json, inspector.copy_header_json):
        assert copy()
        assert _leaks(QtWidgets.QApplication.clipboard().text(), personal) == {}
    # Switched off, the same window shows the real values again.
    mask.trigger()
    qtbot.waitUntil(lambda: not window.inspector.is_busy(), timeout=WAIT)
    assert set(_leaks(everything_shown(window), personal)) == set(personal)


def test_input_typed_or_pasted_while_masked_is_shown_masked(qtbot, window) -> None:
    token = _tokens().id_token
    action(window, "Mask personal data").trigger()
    window.show_text(f"Authorization: Bearer {token}")
    qtbot.waitUntil(lambda: not window.inspector.is_busy(), timeout=WAIT)
    shown = window.inspector.token_input.toPlainText()
    assert token.split(".")[1] not in shown and "[masked token" in shown
    assert window.inspector.token_input.isReadOnly()
    assert EMAIL not in everything_shown(window)
    # The real token was decoded and verified; unmasked, it is back in the input.
    assert window.inspector.current_token().token.payload["email"] == EMAIL
    action(window, "Mask personal data").trigger()
    assert window.inspector.token_input.toPlainText() == f"Authorization: Bearer {token}"
    assert not window.inspector.token_input.isReadOnly()
