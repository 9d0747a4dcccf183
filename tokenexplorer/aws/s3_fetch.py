"""The download loop behind S3Browser.download and folder downloads.

Each object goes to a hidden temporary file in its target folder and is put in place
(`downloads.place`) only when complete, with the mode a new file gets under the umask;
on error or cancel the temporary file is removed and nothing appears at the target.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tokenexplorer.aws import downloads
from tokenexplorer.aws.downloads import PlannedFile
from tokenexplorer.aws.s3_errors import Cancelled

if TYPE_CHECKING:
    from tokenexplorer.aws.s3 import CancelCheck, Progress, S3Browser


def fetch(browser: S3Browser, bucket: str, plan: Sequence[PlannedFile], dest_dir: Path | str,
          progress: Progress, cancelled: CancelCheck) -> list[Path]:
    """Download every planned file (already resolved: see downloads.resolve); the paths
    written, in plan order. Raises Cancelled (files finished before it stay)."""
    from s3transfer.manager import TransferManager

    from tokenexplorer.aws.s3 import _Tracker, new_file_mode

    total = sum(item.size for item in plan)
    taken = {downloads._key(item.target) for item in plan}
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
                    tracker = _Tracker(item.size if item.known_size else None)
                    with TransferManager(client, browser._transfer_config) as manager:
                        future = manager.download(
                            bucket, item.key, handle, subscribers=[tracker.subscriber()]
                        )
                        browser._wait(future, tracker, base, total, progress, cancelled,
                                      f"The download of {item.key}")
                os.chmod(tmp, new_file_mode())  # mkstemp's 0o600 → the usual mode
                return downloads.place(tmp, item, taken)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise

        path = browser._call(bucket, "s3:GetObject", browser._arn(bucket, item.key), one)
        taken.add(downloads._key(path))
        done += item.size
        written.append(path)
    return written


def list_tree(browser: S3Browser, bucket: str, prefix: str, cancelled: CancelCheck) -> list[Any]:
    """Every object under `prefix` (no delimiter: subfolders included), bounded."""
    from tokenexplorer.aws.s3 import S3Object, folder_prefix

    prefix = folder_prefix(prefix)
    resource = f"{browser._arn(bucket)} (prefix {prefix!r})"

    def pages() -> Any:
        token: str | None = None
        while not cancelled():
            params: dict[str, Any] = {"Bucket": bucket, "Prefix": prefix, "MaxKeys": 1000}
            if token:
                params["ContinuationToken"] = token
            answer = browser._call(bucket, "s3:ListBucket", resource,
                                   lambda c, p=params: c.list_objects_v2(**p))
            for item in answer.get("Contents", ()):
                yield S3Object(item["Key"], int(item.get("Size", 0)), item["LastModified"],
                               item.get("ETag", ""), item.get("StorageClass", "STANDARD"))
            token = answer.get("NextContinuationToken")
            if not (answer.get("IsTruncated") and token):
                return
        raise Cancelled("Listing the folder")

    return downloads.bounded(pages())
