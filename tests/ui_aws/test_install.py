"""install_aws_ui adds the Credentials and S3 tabs to the real main window, wired together."""

from __future__ import annotations

import collections
import re

from tokenexplorer.ui.aws.install import install_aws_ui
from tokenexplorer.ui.qt import Qt, QtWidgets

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def _mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def test_tabs_are_added_and_s3_signs_with_the_credentials_panel(qtbot, app_state):
    from tokenexplorer.ui.main_window import MainWindow

    window = MainWindow(remember_layout=False)
    qtbot.addWidget(window)
    ui = install_aws_ui(window, app_state)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "Crede&ntials" in titles and "S&3" in titles
    assert window.tabs.widget(titles.index("Crede&ntials")) is ui.credentials
    assert window.tabs.widget(titles.index("S&3")) is ui.s3
    # Everything interactive in both tabs says what it is.
    for panel in (ui.credentials, ui.s3):
        for widget in panel.findChildren(QtWidgets.QAbstractButton) + panel.findChildren(
            QtWidgets.QLineEdit
        ):
            assert widget.accessibleName(), f"{widget!r} in {panel!r} has no accessible name"
    # No credentials and no sign-in: the S3 tab asks the panel, which starts a guest identity.
    assert ui.credentials.manager is None
    source = ui.s3._credentials_source()
    assert source is ui.credentials.manager is not None
    assert source.kind == "guest"


def test_signed_in_the_s3_tab_signs_as_the_user(qtbot, app_state, signed_in):
    window, _ = _window(qtbot)
    ui = install_aws_ui(window, app_state)
    source = ui.s3._credentials_source()
    assert source.kind == "authenticated"


def _window(qtbot):
    from tokenexplorer.ui.app import install_panels
    from tokenexplorer.ui.main_window import MainWindow

    window = MainWindow(remember_layout=False)
    qtbot.addWidget(window)
    return window, install_panels


def test_tab_mnemonics_clash_with_nothing_shown_with_them(qtbot):
    """Alt+letter must reach one thing: the menus, the tabs and the visible widgets of the
    whole window (the Cognito docks included) each hold a different letter."""
    window, install_panels = _window(qtbot)
    install_panels(window)
    window.resize(1300, 850)
    window.show()
    titles = {window.tabs.tabText(i).replace("&", ""): i for i in range(window.tabs.count())}
    assert {"Credentials", "S3"} <= set(titles)
    for name in ("Credentials", "S3"):
        window.tabs.setCurrentIndex(titles[name])
        letters: list[tuple[str, str]] = []
        for action in window.menuBar().actions():
            if action.isVisible():
                letters.append((action.text(), "menu"))
        for i in range(window.tabs.count()):
            letters.append((window.tabs.tabText(i), "tab"))
        for button in window.findChildren(QtWidgets.QAbstractButton):
            if button.isVisible():
                letters.append((button.text(), button.accessibleName()))
        for label in window.findChildren(QtWidgets.QLabel):
            if label.isVisible() and label.buddy() is not None:
                letters.append((label.text(), "label"))
        owners = collections.defaultdict(list)
        for text, owner in letters:
            letter = _mnemonic(text)
            if letter:
                owners[letter].append(f"{text!r} ({owner})")
        clashes = {k: v for k, v in owners.items() if len(v) > 1}
        assert not clashes, f"with the {name} tab shown: {clashes}"
        assert _mnemonic(window.tabs.tabText(titles[name])) in owners


def test_alt_n_and_alt_3_open_the_tabs(qtbot, app_state):
    from tokenexplorer.ui.main_window import MainWindow

    window = MainWindow(remember_layout=False)
    qtbot.addWidget(window)
    ui = install_aws_ui(window, app_state)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is ui.credentials
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is ui.s3
