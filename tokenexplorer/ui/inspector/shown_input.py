"""Which input is on screen and which of its tokens is current: Qt-free inspector state.

The widget asks it what to show; it holds no widget, so it is tested without a window.
"""

from __future__ import annotations

from tokenexplorer.tokens.inspection import FoundToken, Inspection, Message


class ShownInput:
    def __init__(self) -> None:
        self.inspection: Inspection | None = None
        self.current: FoundToken | None = None

    def show(self, inspection: Inspection) -> None:
        """A new input: nothing is current until a row is selected."""
        self.inspection = inspection
        self.current = None

    @property
    def labels(self) -> list[str]:
        return [found.label for found in self.inspection.found] if self.inspection else []

    @property
    def sources(self) -> list[str]:
        found = self.inspection.found if self.inspection else []
        return [item.candidate.source for item in found]

    def select(self, row: int) -> FoundToken | None:
        """Make row `row` current; None (and nothing changed) when there is no such row."""
        if self.inspection is None or not 0 <= row < len(self.inspection.found):
            return None
        self.current = self.inspection.found[row]
        return self.current

    def messages(self) -> list[Message]:
        return self.inspection.messages(self.current) if self.inspection else []

    def retime(self, now: float | None = None) -> FoundToken | None:
        """The current token reworded for `now` (relative times, expired flags), kept in its
        row too; None when there is no decoded token to reword."""
        current = self.current
        if current is None or current.token is None:
            return None
        retimed = current.retimed(now)
        if self.inspection is not None:
            found = self.inspection.found
            for row, item in enumerate(found):
                if item is current:
                    found[row] = retimed
        self.current = retimed
        return retimed
