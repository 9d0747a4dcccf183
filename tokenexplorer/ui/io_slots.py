"""Threads for work that waits (network, keyring, transfers), apart from Qt's CPU pool.

Qt's global pool has one thread per core: two slow downloads on a 2-core machine
would hold every thread, and token verification would queue behind them. Waiting work
runs here instead, on plain daemon threads limited by a number of *slots*. A slot is
given back when the work ends **or when it is cancelled**: a keyring call that never
answers keeps its thread (Python cannot stop it) but no longer holds a slot, so the
next call starts at once. Qt-free, so it is tested without a display.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable

log = logging.getLogger("tokenexplorer.tasks")

DEFAULT_SLOTS = 8


class Job:
    """One piece of waiting work; `release()` gives its slot back at most once."""

    def __init__(self, pool: IoSlots, run: Callable[[], None], name: str) -> None:
        self._pool = pool
        self._run: Callable[[], None] | None = run
        self.name = name
        self._released = False
        self.finished = threading.Event()

    def release(self) -> None:
        """End this job's claim on a slot (called on finish and on cancel)."""
        self._pool._release(self)

    def _body(self) -> None:
        run, self._run = self._run, None  # the job keeps nothing of its work once it ran
        try:
            if run is not None:
                run()
        finally:
            self.finished.set()
            self.release()


class IoSlots:
    """At most `slots` jobs hold a slot at once; the rest wait in order."""

    def __init__(self, slots: int = DEFAULT_SLOTS) -> None:
        if slots < 1:
            raise ValueError("an I/O pool needs at least one slot")
        self.slots = slots
        self._lock = threading.Lock()
        self._holding: set[Job] = set()
        self._waiting: deque[Job] = deque()
        self._threads: set[threading.Thread] = set()

    def submit(self, run: Callable[[], None], name: str = "io") -> Job:
        job = Job(self, run, name)
        with self._lock:
            self._waiting.append(job)
            ready = self._take_ready()
        for started in ready:
            self._start(started)
        return job

    def withdraw(self, job: Job) -> bool:
        """Drop a job that has not started yet; True when it was still waiting."""
        with self._lock:
            if job in self._waiting:
                self._waiting.remove(job)
                job._run = None
                job._released = True
                job.finished.set()
                return True
        return False

    @property
    def busy(self) -> int:
        with self._lock:
            return len(self._holding)

    @property
    def queued(self) -> int:
        with self._lock:
            return len(self._waiting)

    def wait(self, timeout_s: float) -> bool:
        """Wait until no started thread is still running (shutdown, tests)."""
        with self._lock:
            threads = list(self._threads)
        end = time.monotonic() + timeout_s
        for thread in threads:
            thread.join(max(0.0, end - time.monotonic()))
        with self._lock:
            return not any(t.is_alive() for t in self._threads) and not self._waiting

    def _take_ready(self) -> list[Job]:
        ready = []
        while self._waiting and len(self._holding) < self.slots:
            job = self._waiting.popleft()
            self._holding.add(job)
            ready.append(job)
        return ready

    def _start(self, job: Job) -> None:
        thread = threading.Thread(target=self._thread_body, args=(job,),
                                  name=f"io: {job.name}", daemon=True)
        with self._lock:
            self._threads.add(thread)
        thread.start()

    def _thread_body(self, job: Job) -> None:
        try:
            job._body()
        finally:
            with self._lock:
                self._threads.discard(threading.current_thread())

    def _release(self, job: Job) -> None:
        with self._lock:
            if job._released:
                return
            job._released = True
            self._holding.discard(job)
            ready = self._take_ready()
        for started in ready:
            self._start(started)

