"""Deleting objects and whole folders for S3Browser, one DeleteObjects (≤ 1000 keys) at a time.

Per-key refusals come back in `DeleteResult.failed` (named in plain words), not raised:
one forbidden key must not hide the hundreds that were deleted. A refusal of the whole
request raises S3Error through S3Browser's usual explanation.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from tokenexplorer.aws.s3_errors import Cancelled, S3Error
from tokenexplorer.aws.s3_types import (
    CancelCheck,
    DeleteResult,
    Progress,
    Requests,
    folder_prefix,
    list_objects_v2,
)

BATCH = 1000  # S3's limit per DeleteObjects request


def _delete_objects(client: Any, bucket: str, body: dict[str, Any]) -> Any:
    return client.delete_objects(Bucket=bucket, Delete=body)


def delete(browser: Requests, bucket: str, keys: Sequence[str]) -> DeleteResult:
    """Delete objects, BATCH per request; per-key refusals are returned in `failed`."""
    deleted: list[str] = []
    failed: dict[str, str] = {}
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), BATCH):
        batch = unique[start:start + BATCH]
        body = {"Objects": [{"Key": k} for k in batch], "Quiet": False}
        answer = browser.call(bucket, "s3:DeleteObject", browser.arn(bucket, batch[0]),
                              functools.partial(_delete_objects, bucket=bucket, body=body))
        deleted += [entry["Key"] for entry in answer.get("Deleted", ())]
        for entry in answer.get("Errors", ()):
            code = entry.get("Code", "Error")
            if code == "AccessDenied":
                failed[entry["Key"]] = (
                    f"Access denied: s3:DeleteObject on {browser.arn(bucket, entry['Key'])} "
                    "is not allowed by the identity pool role's policy."
                )
            else:
                failed[entry["Key"]] = f"{code}: {entry.get('Message', '')}".strip()
    return DeleteResult(deleted, failed)


def delete_prefix(browser: Requests, bucket: str, prefix: str, progress: Progress,
                  cancelled: CancelCheck, page_size: int = BATCH) -> DeleteResult:
    """Delete a folder: every object whose key starts with `prefix`, listed page by page
    without a delimiter and deleted one page at a time, so memory stays flat however big
    the folder. `progress(deleted, listed so far)` runs after each page. Raises Cancelled
    between pages (what was deleted by then stays deleted)."""
    prefix = folder_prefix(prefix)
    if not prefix:
        raise S3Error("bad_key", "Deleting a folder needs its prefix; the bucket root "
                      "is not deleted this way.")
    resource = f"{browser.arn(bucket)} (prefix {prefix!r})"
    deleted: list[str] = []
    failed: dict[str, str] = {}
    listed = 0
    token: str | None = None
    while True:
        if cancelled():
            raise Cancelled(f"Deleting {prefix} (after {len(deleted)} objects)")
        params: dict[str, Any] = {"Bucket": bucket, "Prefix": prefix,
                                  "MaxKeys": min(page_size, BATCH)}
        if token:
            params["ContinuationToken"] = token
        answer = browser.call(bucket, "s3:ListBucket", resource,
                              functools.partial(list_objects_v2, params=params))
        keys = [item["Key"] for item in answer.get("Contents", ())]
        listed += len(keys)
        if keys:
            result = delete(browser, bucket, keys)
            deleted += result.deleted
            failed.update(result.failed)
        progress(len(deleted), listed)
        token = answer.get("NextContinuationToken")
        if not (answer.get("IsTruncated") and token):
            return DeleteResult(deleted, failed)


def delete_selection(browser: Requests, bucket: str, keys: Sequence[str],
                     folders: Sequence[str], progress: Callable[[int], None],
                     cancelled: CancelCheck
                     ) -> DeleteResult:
    """Objects and folders chosen together (the S3 tab's Delete): the objects in one go,
    then each folder with everything under it; `progress(deleted so far)`."""
    deleted: list[str] = []
    failed: dict[str, str] = {}
    if keys:
        result = delete(browser, bucket, keys)
        deleted += result.deleted
        failed.update(result.failed)
    for prefix in folders:
        before = len(deleted)

        def report(done: int, _listed: int, before: int = before) -> None:
            progress(before + done)

        result = delete_prefix(browser, bucket, prefix, report, cancelled)
        deleted += result.deleted
        failed.update(result.failed)
    return DeleteResult(deleted, failed)


__all__ = ["BATCH", "delete", "delete_prefix", "delete_selection"]
