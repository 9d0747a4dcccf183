"""Gallery samples are verified with the SAMPLE JWKS, and the key panel shows it.

Opening a sample from File → Samples selects "JWKS file…" with the bundled sample JWKS
(what is shown is what is done); other input puts the panel back on Automatic, unless the
user changed the choice in between (then it is theirs).
"""

from __future__ import annotations

from tokenexplorer.ui.inspector.key_source import KeySourcePanel


class SampleKeys:
    def __init__(self, panel: KeySourcePanel) -> None:
        self.panel = panel
        self.text: str | None = None  # the sample shown with the sample keys
        self._path: str | None = None

    def engage(self, text: str, jwks_path: str) -> None:
        self.text, self._path = text, jwks_path
        self.panel.use_jwks_file(jwks_path)

    def release(self, text: str | None = None) -> None:
        """Other input (`text`) is shown: back to Automatic if the sample keys are still set."""
        if self._path is None or (text is not None and text == self.text):
            return
        if self.panel.uses_jwks_file(self._path):
            self.panel.reset_to_automatic()
        self.text = self._path = None
