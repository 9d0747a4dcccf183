"""Managed transfers for S3Browser: s3transfer's progress, cancel, file modes, uploads.

s3transfer runs each transfer on its own threads; `wait` blocks the caller's (worker)
thread, reports progress there and cancels the transfer when `cancelled()` turns true,
so a cancelled multipart upload is aborted and no object appears. Downloads use the same
machinery (s3_fetch).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tokenexplorer.aws.s3_errors import Cancelled, S3Error
from tokenexplorer.aws.s3_types import CancelCheck, Progress, Requests

POLL = 0.05  # how often transfers check `cancelled` and report progress (seconds)

_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    """The process umask, read without changing it where the OS allows (Linux /proc);
    elsewhere by setting and restoring it under a lock (a brief process-wide change)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:
        current = os.umask(0o077)
        os.umask(current)
    return current


def new_file_mode() -> int:
    """The mode a newly created file gets here (0o666 less the umask, e.g. 0o644).
    tempfile.mkstemp makes its files 0o600; a finished download gets this instead, as if
    it had been written with open()."""
    return 0o666 & ~_umask()


def default_transfer_config() -> Any:
    """The same sizes as the AWS CLI: 8 MiB parts, 10 in parallel."""
    from boto3.s3.transfer import TransferConfig

    return TransferConfig(
        multipart_threshold=8 * 1024 * 1024,
        multipart_chunksize=8 * 1024 * 1024,
        max_concurrency=10,
        use_threads=True,
    )


class Tracker:
    """Collects s3transfer progress from its worker threads; read on the caller's thread."""

    def __init__(self, known_size: int | None = None) -> None:
        self._lock = threading.Lock()
        self.bytes = 0
        self.done = threading.Event()
        self.known_size = known_size

    def add(self, count: int) -> None:
        with self._lock:
            self.bytes += count

    def subscriber(self) -> Any:
        from s3transfer.subscribers import BaseSubscriber

        tracker = self

        class _Subscriber(BaseSubscriber):
            def on_queued(self, future: Any, **kwargs: Any) -> None:
                if tracker.known_size is not None:
                    future.meta.provide_transfer_size(tracker.known_size)

            def on_progress(self, future: Any, bytes_transferred: int, **kwargs: Any) -> None:
                tracker.add(bytes_transferred)

            def on_done(self, future: Any, **kwargs: Any) -> None:
                tracker.done.set()

        return _Subscriber()

    def read(self) -> int:
        with self._lock:
            return self.bytes


def wait(future: Any, tracker: Tracker, base: int, total: int, progress: Progress,
         cancelled: CancelCheck, what: str) -> None:
    """Block until the transfer ends; report progress and honour cancel meanwhile."""
    last = -1
    while not tracker.done.wait(POLL):
        if cancelled():
            future.cancel()
            with contextlib.suppress(Exception):
                future.result()
            raise Cancelled(what)
        now = tracker.read()
        if now != last:
            progress(base + now, total)
            last = now
    future.result()  # raises the transfer's error, if any
    progress(base + tracker.read(), total)


def upload(browser: Requests, bucket: str, prefix: str, paths: Sequence[Path | str],
           progress: Progress, cancelled: CancelCheck, *, follow_links: bool,
           skipped_links: list[Path] | None) -> list[str]:
    """S3Browser.upload: every planned file (upload_walk) through one managed transfer
    each; the keys written."""
    from s3transfer.manager import TransferManager

    from tokenexplorer.aws.upload_walk import open_planned, plan_upload

    walked = plan_upload(prefix, paths, follow_links=follow_links)
    if skipped_links is not None:
        skipped_links.extend(walked.skipped_links)
    plan = walked.files
    total = sum(path.stat().st_size for path, _ in plan)
    done = 0
    keys: list[str] = []
    for path, key in plan:
        if cancelled():
            raise Cancelled("The upload")

        def one(client: Any, path: Path = path, key: str = key, base: int = done) -> None:
            tracker = Tracker()
            try:
                handle = open_planned(path, follow_links)
            except OSError as error:
                raise S3Error("file_changed", f"{path.name} was not uploaded: it changed "
                              f"since it was chosen ({error.strerror or error}).") from None
            with handle, TransferManager(client, browser.transfer_config) as manager:
                future = manager.upload(handle, bucket, key, subscribers=[tracker.subscriber()])
                wait(future, tracker, base, total, progress, cancelled,
                     f"The upload of {path.name}")

        browser.call(bucket, "s3:PutObject", browser.arn(bucket, key), one)
        done += path.stat().st_size
        keys.append(key)
    return keys


__all__ = ["POLL", "Tracker", "default_transfer_config", "new_file_mode", "upload", "wait"]
