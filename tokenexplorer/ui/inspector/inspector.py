"""The Inspector tab: paste anything, see the tokens in it explained and verified.

This widget is the input/decoding controller: it hands text to the core
(tokens/inspection.py: at once for normal input, on a worker for huge input) and shows what
comes back. Its parts do the rest: `panes` (the widgets and their layout), `verification`
(when and how the shown token is verified), `claim_actions` (copy and open, on user action).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenexplorer.tokens.inspection import FoundToken, Inspection, inspect_text, inspect_tokens
from tokenexplorer.tokens.model import Severity
from tokenexplorer.ui.inspector.claim_actions import ClaimActions
from tokenexplorer.ui.inspector.key_source import HMAC
from tokenexplorer.ui.inspector.panes import InspectorPanes
from tokenexplorer.ui.inspector.sample_keys import SampleKeys
from tokenexplorer.ui.inspector.sample_offline import SampleOffline
from tokenexplorer.ui.inspector.shown_input import ShownInput
from tokenexplorer.ui.inspector.verification import (
    SidePanes,
    VerificationController,
    VerifyContext,
)
from tokenexplorer.ui.masking_view import MaskingView
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from tokenexplorer.ui.tasks import Task, TaskKind, run_task

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityLog
    from tokenexplorer.tokens.model import Report

TIMES_REFRESH_MS = 30_000  # "expires in 3 min" must not go stale while the window is open
ASYNC_INPUT = 50_000  # characters: larger input is decoded on a worker thread


class InspectorWidget(QtWidgets.QWidget):
    status_message = Signal(str)
    settled = Signal()  # decoding and verification have finished (screenshots, tests)
    fetching = Signal(bool)  # keys are being fetched: a Cancel is possible
    checked = Signal(object)  # tokens.model.Report of the token just checked

    def __init__(self, parent: QtWidgets.QWidget | None = None,
                 masking: MaskingView | None = None) -> None:
        """`masking`: the window's (View → Mask personal data); the real token is verified,
        the masked copy shown."""
        super().__init__(parent)
        self.setAccessibleName("Inspector")
        self._shown = ShownInput()
        self.masking = masking or MaskingView(self)
        self._displayed: FoundToken | None = None  # the current token as shown (maybe masked)
        self._decode_task: Task | None = None
        self._decode_generation = 0
        self._sample_text: str | None = None
        panes = self.panes = InspectorPanes(self)
        # The parts the window and the tests reach (by these names, as before the split).
        self.token_input, self.sample_hint, self.messages = (
            panes.token_input, panes.sample_hint, panes.messages)
        self.token_list, self.tree, self.details = panes.token_list, panes.tree, panes.details
        self.banner, self.key_panel, self.checks = panes.banner, panes.key_panel, panes.checks
        self.raw_view, self.body_splitter = panes.raw_view, panes.body_splitter
        self.save_layout, self.restore_layout = panes.save_layout, panes.restore_layout
        self.reset_layout = panes.reset_layout
        self._sample = SampleOffline(self.key_panel.offline_box)
        self._gallery = SampleKeys(self.key_panel)
        self.verification = VerificationController(self, SidePanes(
            panes.banner, panes.checks, panes.warnings_box, panes.key_panel, self._sample),
            current=self.current_token, masking=self.masking)
        self.verify_again = self.verification.verify_again
        self.cancel_verification = self.verification.cancel
        self.claim_actions = ClaimActions(self.tree, lambda: self._displayed)
        self.copy_value_action = self.claim_actions.copy_value_action
        self.copy_header_action = self.claim_actions.copy_header_action
        self.copy_payload_action = self.claim_actions.copy_payload_action
        self.copy_raw_action = self.claim_actions.copy_raw_action
        self.copy_value, self.copy_header_json = (self.claim_actions.copy_value,
                                                  self.claim_actions.copy_header_json)
        self.copy_payload_json, self.copy_raw_token = (self.claim_actions.copy_payload_json,
                                                       self.claim_actions.copy_raw_token)
        self.open_link = self.claim_actions.open_link
        self._connect()
        self._clear_view()
        self._times_timer = QtCore.QTimer(self)
        self._times_timer.setInterval(TIMES_REFRESH_MS)
        self._times_timer.timeout.connect(self.refresh_times)
        self._times_timer.start()

    def _connect(self) -> None:
        self.token_input.text_settled.connect(self._on_text_settled)
        self.token_input.file_problem.connect(
            lambda text: self.messages.show([(Severity.ERROR, text)]))
        self.token_list.token_chosen.connect(self._select)
        self.tree.selectionModel().currentChanged.connect(
            lambda _current, _previous: self.claim_actions.update())
        self.raw_view.copy_token_requested.connect(self.copy_raw_token)
        self.banner.hmac_requested.connect(self.use_hmac_secret)
        self.banner.cancel_requested.connect(self.cancel_verification)
        self.key_panel.changed.connect(self.verify_again)
        self.claim_actions.status_message.connect(self.status_message)
        self.verification.status_message.connect(self.status_message)
        self.verification.fetching.connect(self.fetching)
        self.verification.settled.connect(self.settled)
        self.masking.changed.connect(self._on_masking_changed)
        self.verification.checked.connect(self.checked)

    # -- public ------------------------------------------------------------------------------
    def show_text(self, text: str) -> None:
        """Inspect `text` as if it had been pasted."""
        self.token_input.set_token_text(text)

    def show_sample(self, text: str) -> None:
        self._sample_text = text
        self._sample.engage()  # checked offline, and the Offline box says so
        self.token_input.set_token_text(text)

    def show_gallery_sample(self, text: str, jwks_path: str) -> None:
        """A File → Samples token, verified with the SAMPLE JWKS (the key panel says so)."""
        self._gallery.engage(text.strip(), jwks_path)
        self.token_input.set_token_text(text.strip())

    def check_again(self) -> None:
        """F5: verify again; on the sample, go online as its banner suggests."""
        if not self._sample.go_online():
            self.verify_again()

    def show_tokens(self, tokens: list[tuple[str, str]]) -> None:
        """Inspect tokens handed over by code, e.g. (label, raw) pairs after a sign-in."""
        self._decode_generation += 1
        self.token_input.set_token_text("", settle=False)
        self.sample_hint.setVisible(False)
        self._sample.release()
        self._gallery.release()
        # Sign-in tokens are checked with their pool's keys: a PEM or secret chosen earlier
        # for another token must not make genuine tokens look invalid.
        self.key_panel.reset_to_automatic()
        # The caller usually sets the verify context (the profile's pool, the emulator
        # endpoint) right after: verify once that is known, or the keys would be fetched
        # from the wrong place first.
        self.verification.defer_until_context()
        self._show_inspection(inspect_tokens(tokens))

    def set_verify_context(self, context: VerifyContext) -> None:
        self.verification.set_context(context)

    def set_activity_log(self, log: ActivityLog | None) -> None:
        """The window's ActivityLog: each JWKS fetch is recorded there (from the worker)."""
        self.verification.set_activity_log(log)

    def use_hmac_secret(self) -> None:
        """Switch the key source to HMAC secret and put the cursor in the secret field."""
        self.key_panel.select(HMAC)
        self.key_panel.secret_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def showing_sample(self) -> bool:
        """The bundled sample is on screen (it is verified offline: no fetch at start-up)."""
        return self.sample_hint.isVisibleTo(self)

    def current_token(self) -> FoundToken | None:
        return self._shown.current

    def current_report(self) -> Report | None:
        """The verdict shown for the current token (None while it is being checked)."""
        return self.verification.report

    def is_busy(self) -> bool:
        decoding = self._decode_task is not None and self._decode_task.running
        return decoding or self.verification.busy

    def load_file(self, path: str) -> bool:
        return self.token_input.load_file(path)

    def shutdown(self) -> None:
        if self._decode_task is not None:
            self._decode_task.cancel()
        self.verification.shutdown()

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        self.verification.window_shown()


    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self.tree.claims_model.set_palette(self.palette())
            self.checks.checks_model.set_palette(self.palette())
            self.messages.apply_colours()

    # -- decoding ------------------------------------------------------------------------------
    def _on_text_settled(self, text: str) -> None:
        if self.masking.enabled:  # new input while masking: shown masked at once
            self.token_input.show_masked(self.masking.text)
        is_sample = self._sample_text is not None and text == self._sample_text
        self.sample_hint.setVisible(is_sample)
        if not is_sample:
            self._sample.release()
        self._gallery.release(text)
        self._decode_generation += 1
        generation = self._decode_generation
        if self._decode_task is not None:
            self._decode_task.cancel()
            self._decode_task = None
        if len(text) <= ASYNC_INPUT:
            self._show_inspection(inspect_text(text))
            return
        self.messages.show([(Severity.INFO, f"Decoding {len(text):,} characters…")])
        self._decode_task = run_task(
            self, lambda ctx: inspect_text(text),
            name="decode input", kind=TaskKind.CPU,
            on_result=lambda result: self._on_decoded(generation, result),
            on_error=lambda error: self._on_decode_failed(generation, error),
        )

    def _on_decoded(self, generation: int, inspection: Inspection) -> None:
        if generation == self._decode_generation:
            self._decode_task = None
            self._show_inspection(inspection)

    def _on_decode_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._decode_generation:
            self._decode_task = None
            self._clear_view()
            self.messages.show([(Severity.ERROR,
                                 f"Could not read the input ({type(error).__name__}).")])
            self.settled.emit()

    def _show_inspection(self, inspection: Inspection) -> None:
        shown = self._shown
        shown.show(inspection)
        self._render_entries(None)
        self.panes.show_found_list(len(shown.labels) > 1, self.width())
        if not inspection.found:
            self._clear_view()
            self.messages.show(self.masking.messages(shown.messages()))
            self.settled.emit()

    def _on_masking_changed(self, masked: bool) -> None:
        """Everything shown again, masked or not (the input too); the real token is kept."""
        self.token_input.show_masked(self.masking.text if masked else None)
        self._render_entries(self._shown.current)

    def _render_entries(self, current: FoundToken | None) -> None:
        """The list of found tokens (masked or not), then `current` (or the first) shown."""
        shown, text = self._shown, self.masking.text
        if shown.inspection is None:
            return
        self.token_list.set_entries([text(label) for label in shown.labels],
                                    [text(source) for source in shown.sources])
        found = shown.inspection.found
        if found:
            self._select(next((row for row, item in enumerate(found) if item is current), 0))

    def _select(self, row: int) -> None:
        found = self._shown.select(row)
        if found is None:
            return
        if self.token_list.currentRow() != row:
            self.token_list.setCurrentRow(row)
        found = self._displayed = self.masking.found(found)
        if found.token is None:
            self.tree.claims_model.clear()
            self.raw_view.set_token(found.candidate.raw[:20_000], ())
        else:
            self.tree.claims_model.set_nodes(found.tree)
            self.tree.expandToDepth(0)
            self.raw_view.set_token(found.token.raw, found.token.segments)
        self.details.show_node(self.tree.current_node())
        self.messages.show(self.masking.messages(self._shown.messages()))
        self.claim_actions.update()
        self.verify_again()

    def _clear_view(self) -> None:
        self._displayed = None
        self.tree.claims_model.clear()
        self.details.show_node(None)
        self.raw_view.clear_token()
        self.checks.checks_model.clear()
        self.banner.show_result(None)
        self.panes.warnings_box.show_warnings([])
        self.claim_actions.update()

    def refresh_times(self) -> None:
        """Re-word the tree for the current time (relative times, expired flags)."""
        if not self.isVisible():
            return
        retimed = self._shown.retime()
        if retimed is None:
            return
        retimed = self._displayed = self.masking.found(retimed)
        self.tree.claims_model.refresh_nodes(retimed.tree)
        self.details.show_node(self.tree.current_node())
