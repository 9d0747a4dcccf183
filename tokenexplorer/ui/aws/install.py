"""Adds the Credentials and S3 tabs to a main window: the one call app.py makes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tokenexplorer.ui.aws.credentials_panel import CredentialsPanel
from tokenexplorer.ui.aws.s3_browser import S3BrowserPanel

if TYPE_CHECKING:
    from tokenexplorer.ui.main_window import MainWindow
    from tokenexplorer.ui.masking_view import MaskingView
    from tokenexplorer.ui.state import AppState


@dataclass
class AwsUi:
    credentials: CredentialsPanel
    s3: S3BrowserPanel


def build_aws_ui(state: AppState, masking: MaskingView | None = None) -> AwsUi:
    """Both panels, wired: S3 requests are signed with the credentials the Credentials
    tab's keeper (core) holds; the S3 tab never reaches into the other panel. `masking`:
    the window's (View → Mask personal data)."""
    credentials = CredentialsPanel(state, masking=masking)
    s3 = S3BrowserPanel(state, credentials_source=credentials.keeper.source, masking=masking)
    return AwsUi(credentials, s3)


# Tab mnemonics: Alt+N and Alt+3. The menu bar holds F, E, V, R and C (Cognito), the
# Inspector tab I, the profile dock P, and every other letter of "Credentials" is taken by a
# menu, the inspector or one of these tabs' own buttons.
CREDENTIALS_TITLE = "Crede&ntials"
S3_TITLE = "S&3"


def install_aws_ui(window: MainWindow, state: AppState) -> AwsUi:
    """Build the panels and add them as the "Credentials" and "S3" tabs of `window`."""
    ui = build_aws_ui(state, window.masking)
    window.add_tab(ui.credentials, CREDENTIALS_TITLE)
    window.add_tab(ui.s3, S3_TITLE)
    return ui


__all__ = ["CREDENTIALS_TITLE", "S3_TITLE", "AwsUi", "build_aws_ui", "install_aws_ui"]
