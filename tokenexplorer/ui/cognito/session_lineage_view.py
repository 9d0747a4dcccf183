"""The session panel's lineage: the sign-in and each refresh since, with its time and new
`jti`, under the sign-in's `origin_jti` and `auth_time`; a rotated refresh token is marked.
What it shows comes from the core's `rotation.Lineage` (recorded as tokens arrive)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from tokenexplorer.cognito import rotation
from tokenexplorer.tokens.safe_text import shorten, visible
from tokenexplorer.ui import plain
from tokenexplorer.ui.cognito.widgets import helper_text, set_tone
from tokenexplorer.ui.qt import QtWidgets

if TYPE_CHECKING:
    from tokenexplorer.cognito.session import Session

COLUMNS = ("Time", "How", "jti", "Refresh token")
METHOD_WORDS = {"sign-in": "sign-in", "REFRESH_TOKEN_AUTH": "refresh (REFRESH_TOKEN_AUTH)",
                "GetTokensFromRefreshToken": "refresh (GetTokensFromRefreshToken)"}


def _clock(at: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(at))


def lineage_summary(lineage: rotation.Lineage) -> str:
    """'Sign-in origin_jti …, auth_time 21:03:12; 3 refreshes (1 rotated).'"""
    origin = visible(shorten(lineage.origin_jti, 60)) or "not in the tokens"
    when = _clock(lineage.auth_time) if lineage.auth_time is not None else "unknown"
    refreshes = [entry for entry in lineage.entries if entry.method != "sign-in"]
    rotated = sum(entry.rotated for entry in refreshes)
    count = f"{len(refreshes)} refresh{'es' if len(refreshes) != 1 else ''}"
    return (f"Sign-in origin_jti {origin}, auth_time {when}; {count}"
            + (f" ({rotated} rotated the refresh token)." if rotated else "."))


class LineageView(QtWidgets.QWidget):
    """A heading, the summary, and one row per token set of this session."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        heading = plain.label("Session lineage")
        heading.setAccessibleName("Session lineage heading")
        self.summary = helper_text("", "Session lineage summary")
        self.problem = helper_text("", "Session lineage problem")
        set_tone(self.problem, "warning")
        self.table = QtWidgets.QTreeWidget()
        self.table.setAccessibleName("Session lineage")
        self.table.setHeaderLabels(list(COLUMNS))
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setMaximumHeight(130)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (heading, self.summary, self.problem, self.table):
            layout.addWidget(widget)
        self.show_session(None)

    def show_session(self, session: Session | None) -> None:
        """Redraw from the session's lineage (after sign-in, resume and each refresh)."""
        signed_in = session is not None and session.signed_in
        self.setVisible(signed_in)
        self.table.clear()
        if session is None or not signed_in:
            return
        lineage = rotation.lineage_of(session)
        self.summary.setText(lineage_summary(lineage))
        self.problem.setText(lineage.store_problem)
        self.problem.setVisible(bool(lineage.store_problem))
        for entry in reversed(lineage.entries):  # newest first
            row = QtWidgets.QTreeWidgetItem([
                _clock(entry.at), METHOD_WORDS.get(entry.method, visible(entry.method)),
                visible(shorten(entry.jti, 60)) or "—",
                "issued" if entry.method == "sign-in" else
                "new (rotated)" if entry.rotated else "kept"])
            self.table.addTopLevelItem(row)
        for column in range(len(COLUMNS)):
            self.table.resizeColumnToContents(column)
