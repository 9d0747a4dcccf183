"""The S3 tab under View → Mask personal data: keys, prefixes and identities shown masked.

S3 keys of a Cognito app hold identity IDs (`private/us-east-1:…/`) and usernames; the
signing line names the identity. While masking is on, the listing's names and tooltips,
the breadcrumb, the prefix field (read-only then: a masked prefix cannot be typed into),
the status, note and error lines, the transfers' titles and the presigned URL (it names
the access key) are shown through the window's MaskingView. The real keys stay underneath:
listing, navigation and actions use them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.ui.aws.shown import shown_key
from tokenexplorer.ui.masked_texts import MaskedTexts
from tokenexplorer.ui.masking_view import MaskingView

if TYPE_CHECKING:
    from tokenexplorer.ui.aws.s3_browser import S3BrowserPanel


class S3Masking:
    """Wires one S3 panel's views to the window's masking."""

    def __init__(self, panel: S3BrowserPanel, masking: MaskingView | None) -> None:
        self.panel = panel
        self.masking = masking or MaskingView(panel)
        self.texts = MaskedTexts(self.masking, panel)
        panel.model.mask_text = self.masking.text
        panel.breadcrumb.mask_text = self.masking.text
        for label in (panel.error_label, panel.note_label):
            label.texts = self.texts
        panel.status.texts = self.texts
        panel.transfers.mask_text = self.masking.text
        self.masking.changed.connect(self._changed)

    @property
    def on(self) -> bool:
        return self.masking.enabled

    def show_prefix(self, prefix: str) -> None:
        """The prefix field: the real prefix, or masked and read-only while masking."""
        edit = self.panel.prefix_edit
        edit.setReadOnly(self.on)
        self.texts.show(edit, shown_key(prefix))

    def typed_prefix(self, prefix: str) -> str:
        """What the user typed in the prefix field (while masked: the real prefix)."""
        return shown_key(prefix) if self.on else self.panel.prefix_edit.text()

    def show_url(self, url: str) -> None:
        box = self.panel.presigned_box
        self.texts.show(box.field, url)
        box.field.setCursorPosition(0)
        box.show()

    def _changed(self, _on: bool) -> None:
        panel = self.panel
        panel.prefix_edit.setReadOnly(self.on)
        model = panel.model
        if model.rowCount():
            model.dataChanged.emit(model.index(0, 0),
                                   model.index(model.rowCount() - 1, model.columnCount() - 1))
        panel.breadcrumb.render_again()
        panel.transfers.render_again()


__all__ = ["S3Masking"]
