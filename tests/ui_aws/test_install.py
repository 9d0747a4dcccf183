"""install_aws_ui adds the Credentials and S3 tabs to the real main window, wired together."""

from __future__ import annotations

from tokenexplorer.ui.aws.install import install_aws_ui
from tokenexplorer.ui.qt import QtWidgets


def test_tabs_are_added_and_s3_signs_with_the_credentials_panel(qtbot, app_state):
    from tokenexplorer.ui.main_window import MainWindow

    window = MainWindow(remember_layout=False)
    qtbot.addWidget(window)
    ui = install_aws_ui(window, app_state)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "Credentials" in titles and "S3" in titles
    assert window.tabs.widget(titles.index("Credentials")) is ui.credentials
    assert window.tabs.widget(titles.index("S3")) is ui.s3
    # Everything interactive in both tabs says what it is.
    for panel in (ui.credentials, ui.s3):
        for widget in panel.findChildren(QtWidgets.QAbstractButton) + panel.findChildren(
            QtWidgets.QLineEdit
        ):
            assert widget.accessibleName(), f"{widget!r} in {panel!r} has no accessible name"
    # No credentials yet: the S3 tab asks the panel, which starts a guest identity on first use.
    assert ui.credentials.manager is None
    source = ui.s3._credentials_source()
    assert source is ui.credentials.manager is not None
    assert source.kind == "guest"
