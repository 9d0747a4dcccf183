"""Verification of the shown token: when to run it, on a worker, and rendering its answer.

The steps themselves are the core's (tokens/token_check.py): resolving keys may fetch a
JWKS, so they run through run_task with this controller's widget as the owner. The
controller decides only timing: the first window paints the token before verifying; tokens
handed over by a sign-in wait for the caller's verify context; a newer request supersedes
an older one; Cancel stops a fetch and shows what can be said without keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tokenexplorer.tokens.inspection import FoundToken
from tokenexplorer.tokens.model import KeyProblem, Report
from tokenexplorer.ui.first_paint import after_first_paint
from tokenexplorer.ui.inspector.checks_view import ChecksView
from tokenexplorer.ui.inspector.key_source import HMAC, KeyChoice, KeySourcePanel
from tokenexplorer.ui.inspector.sample_offline import SampleOffline
from tokenexplorer.ui.inspector.signature_banner import SignatureBanner
from tokenexplorer.ui.inspector.warnings_box import WarningsBox
from tokenexplorer.ui.masking_view import MaskingView
from tokenexplorer.ui.qt import QObject, QtCore, QtWidgets, Signal
from tokenexplorer.ui.tasks import Task, TaskContext, run_task

if TYPE_CHECKING:  # the verifier's modules load with the first verification, after the paint
    from tokenexplorer.activity import ActivityLog
    from tokenexplorer.tokens.options import VerifyOptions
    from tokenexplorer.tokens.token_check import TokenCheck

FETCH_TIMEOUT_S = 5.0
FETCHING_STATUS = "Fetching the signing keys… (Esc cancels)"


@dataclass(frozen=True)
class VerifyContext:
    """What the active profile tells verification to expect."""

    client_id: str | None = None
    pool_id: str | None = None
    endpoint_url: str | None = None
    allow_http_jwks: bool = False


@dataclass(frozen=True)
class SidePanes:
    """The widgets verification renders into (the inspector's side column)."""

    banner: SignatureBanner
    checks: ChecksView
    warnings_box: WarningsBox
    key_panel: KeySourcePanel
    sample: SampleOffline


class VerificationController(QObject):
    settled = Signal()  # the verdict (or why there is none) is shown
    checked = Signal(object)  # the Report now shown (for lessons and other followers)
    fetching = Signal(bool)  # keys are being fetched: a Cancel is possible
    status_message = Signal(str)

    def __init__(self, owner: QtWidgets.QWidget, panes: SidePanes,
                 current: Callable[[], FoundToken | None],
                 masking: MaskingView | None = None) -> None:
        super().__init__(owner)
        self._owner = owner  # bounds the tasks; verification waits until it is shown
        self._panes = panes
        self.context = VerifyContext()
        self.options: VerifyOptions | None = None  # of the latest verification started
        self.report: Report | None = None  # what is shown now (None while checking)
        self._activity: ActivityLog | None = None
        self._current = current  # the token shown now: verify_again checks it
        self._masking = masking or MaskingView(self)  # what is shown of the verdict
        self._task: Task | None = None
        self._generation = 0
        self._pending = False  # a token arrived before the window was shown
        self._deferred = False  # handed-over tokens: verify after the caller's context
        self._fetch_announced = False  # the status bar says "Fetching…": take it back when done

    # -- asked by the inspector ---------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._pending or self._deferred or (self._task is not None and self._task.running)

    @property
    def task(self) -> Task | None:
        return self._task

    def set_context(self, context: VerifyContext) -> bool:
        """True when the context changed (and verification ran again)."""
        if context == self.context:
            return False
        self.context = context
        self._panes.key_panel.show_pool(context.pool_id)
        self.verify_again()
        return True

    def set_activity_log(self, log: ActivityLog | None) -> None:
        self._activity = log

    def defer_until_context(self) -> None:
        """Tokens handed over by code: the caller sets the verify context right after, so
        verify on the next turn of the event loop (not with the previous profile's keys)."""
        self._deferred = True

    def window_shown(self) -> None:
        if self._pending:
            # Verification (its imports and its worker) waits for the first paint, so the
            # window shows the token first (ui/first_paint.py, the one such mechanism).
            after_first_paint(self._owner, self._run_pending)

    def shutdown(self) -> None:
        if self._task is not None:
            self._task.cancel()

    # -- verifying ----------------------------------------------------------------------------
    def verify_again(self) -> None:
        """(Re)check the current token with the key source, offline switch and leeway set."""
        panes = self._panes
        if panes.sample.quiet:  # the Offline box is being set for the sample: not a change
            return
        self._stop_task()
        self._generation += 1
        self.report = None
        current = self._current()
        if self._deferred:  # until the next turn of the event loop (see defer_until_context)
            generation = self._generation
            panes.banner.show_checking(fetching=False)
            QtCore.QTimer.singleShot(0, lambda: self._run_deferred(generation))
            return
        if current is not None and current.token is not None and not self._owner.isVisible():
            # Starting up: paint the decoded token first, verify right after (window_shown).
            self._pending = True
            panes.banner.show_checking(fetching=False)
            return
        self._pending = False
        if current is None or current.token is None:
            self._show_nothing(current)
            return
        self._start(current)

    def cancel(self) -> None:
        """Stop a key fetch; show what can be said without the keys."""
        from tokenexplorer.tokens.token_check import CANCELLED_REASON, check_without_keys

        task = self._task
        if task is None or not task.running:
            return
        self._stop_task()
        self._fetch_announced = False  # "Key fetch cancelled" follows
        self._generation += 1
        current, options = self._current(), self.options
        if current is not None and current.token is not None and options is not None:
            self._show_report(check_without_keys(current.token, options, CANCELLED_REASON,
                                                 KeyProblem.CANCELLED).report)
        self._panes.banner.show_error(
            "Key fetch cancelled: the signature was not checked (F5 retries).")
        self.status_message.emit("Key fetch cancelled")
        self.settled.emit()

    def _options(self, choice: KeyChoice) -> VerifyOptions:
        from tokenexplorer.tokens.options import VerifyOptions

        panel, context = self._panes.key_panel, self.context
        return VerifyOptions(
            leeway=panel.leeway, client_id=context.client_id, pool_id=context.pool_id,
            offline=panel.offline, check_signature=choice.check_signature,
            key_source=choice.source, endpoint_url=context.endpoint_url,
            allow_http_jwks=context.allow_http_jwks, timeout=FETCH_TIMEOUT_S,
            activity=self._activity)

    def _start(self, current: FoundToken) -> None:
        token = current.token
        assert token is not None
        choice = self._panes.key_panel.choice()
        self._panes.key_panel.show_problem(choice.problem)
        options = self.options = self._options(choice)
        generation, problem = self._generation, choice.problem

        def work(ctx: TaskContext) -> TokenCheck | None:
            from tokenexplorer.tokens.token_check import check_token, check_without_keys

            if problem:  # the checks that need no key still run
                return check_without_keys(token, options, problem, KeyProblem.UNUSABLE_CHOICE)
            return check_token(token, options, on_fetch=lambda: ctx.progress("fetch"),
                               cancelled=lambda: ctx.cancelled)

        self._panes.banner.show_checking(fetching=False)
        self._task = run_task(
            self._owner, work, name="verify token",
            on_result=lambda result: self._on_verified(generation, result),
            on_error=lambda error: self._on_failed(generation, error),
            on_progress=lambda _value: self._on_fetching(generation),
        )

    def _on_fetching(self, generation: int) -> None:
        if generation == self._generation:
            self._panes.banner.show_checking(fetching=True, what="Fetching the signing keys…")
            self.fetching.emit(True)
            self.status_message.emit(FETCHING_STATUS)
            self._fetch_announced = True

    def _on_verified(self, generation: int, result: TokenCheck | None) -> None:
        if generation != self._generation or result is None:  # superseded, or cancelled
            return
        self._task = None
        self.fetching.emit(False)
        self._end_fetch_status(result.fetch_outcome)
        panes, options = self._panes, self.options
        signature = panes.sample.explain(result.report.signature,
                                         options is not None and options.offline)
        panes.banner.show_result(self._masking.signature(signature),
                                 fallback_source=panes.key_panel.combo.currentText())
        panes.banner.offer_hmac(signature.needs_hmac_secret
                                and panes.key_panel.combo.currentIndex() != HMAC)
        self._show_report(replace(result.report, signature=signature))
        self.settled.emit()

    def _on_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._task = None
        self.fetching.emit(False)
        self._end_fetch_status("Checking the signature stopped unexpectedly")
        self._panes.banner.show_error(
            f"Verification stopped unexpectedly ({type(error).__name__}).")
        self.settled.emit()

    # -- rendering ----------------------------------------------------------------------------
    def _show_report(self, report: Report) -> None:
        self.report = report  # as checked; what is shown may be masked
        shown = self._masking.report(report)
        self._panes.checks.checks_model.set_report(shown.checks, [])
        self._panes.warnings_box.show_warnings(shown.warnings)
        self.checked.emit(report)

    def _show_nothing(self, current: FoundToken | None) -> None:
        panes = self._panes
        self.report = None
        panes.checks.checks_model.clear()
        panes.warnings_box.show_warnings([])
        if current is None:
            panes.banner.show_result(None)
        else:
            panes.banner.show_error("The token could not be decoded (see the message above).")
        panes.key_panel.show_problem(None)
        self.settled.emit()

    def _end_fetch_status(self, status: str | None) -> None:
        """Take back "Fetching…" with what happened (never "fetched" after a failure)."""
        if self._fetch_announced:
            self._fetch_announced = False
            self.status_message.emit(status or "Done checking the signature")

    def _stop_task(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
            self.fetching.emit(False)

    def _run_deferred(self, generation: int) -> None:
        if self._deferred and generation == self._generation:
            self._deferred = False
            self.verify_again()

    def _run_pending(self) -> None:
        if self._pending:
            self.verify_again()
