"""The download loop behind S3Browser.download and folder downloads.

Each object goes to a hidden temporary file in its target folder and is put in place
(`downloads.place`) only when complete, with the mode a new file gets under the umask;
on error or cancel the temporary file is removed and nothing appears at the target.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from tokenexplorer.aws import downloads
from tokenexplorer.aws.downloads import PlannedFile
from tokenexplorer.aws.s3_errors import Cancelled
from tokenexplorer.aws.s3_transfer import Tracker, new_file_mode, wait
from tokenexplorer.aws.s3_types import (
    CancelCheck,
    Progress,
    Requests,
    S3Object,
    folder_prefix,
    list_objects_v2,
)


def fetch(browser: Requests, bucket: str, plan: Sequence[PlannedFile], dest_dir: Path | str,
          progress: Progress, cancelled: CancelCheck) -> list[Path]:
    """Download every planned file (already resolved: see downloads.resolve); the paths
    written, in plan order. Raises Cancelled (files finished before it stay)."""
    from s3transfer.manager import TransferManager

    total = sum(item.size for item in plan)
    taken = {downloads.taken_key(item.target) for item in plan}
    done = 0
    written: list[Path] = []
    for item in plan:
        if cancelled():
            raise Cancelled("The download")
        downloads.make_parents(dest_dir, item)

        def one(client: Any, item: PlannedFile = item, base: int = done) -> Path:
            fd, tmp = tempfile.mkstemp(prefix=".download.", suffix=".part",
                                       dir=item.target.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    tracker = Tracker(item.size if item.known_size else None)
                    with TransferManager(client, browser.transfer_config) as manager:
                        future = manager.download(
                            bucket, item.key, handle, subscribers=[tracker.subscriber()]
                        )
                        wait(future, tracker, base, total, progress, cancelled,
                             f"The download of {item.key}")
                os.chmod(tmp, new_file_mode())  # mkstemp's 0o600 → the usual mode
                return downloads.place(tmp, item, taken)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise

        path = browser.call(bucket, "s3:GetObject", browser.arn(bucket, item.key), one)
        taken.add(downloads.taken_key(path))
        done += item.size
        written.append(path)
    return written


def list_tree(browser: Requests, bucket: str, prefix: str,
              cancelled: CancelCheck) -> list[S3Object]:
    """Every object under `prefix` (no delimiter: subfolders included), bounded."""
    prefix = folder_prefix(prefix)
    resource = f"{browser.arn(bucket)} (prefix {prefix!r})"

    def pages() -> Iterator[S3Object]:
        token: str | None = None
        while not cancelled():
            params: dict[str, Any] = {"Bucket": bucket, "Prefix": prefix, "MaxKeys": 1000}
            if token:
                params["ContinuationToken"] = token
            answer = browser.call(bucket, "s3:ListBucket", resource,
                                  functools.partial(list_objects_v2, params=params))
            for item in answer.get("Contents", ()):
                yield S3Object.listed(item)
            token = answer.get("NextContinuationToken")
            if not (answer.get("IsTruncated") and token):
                return
        raise Cancelled("Listing the folder")

    return downloads.bounded(pages())
