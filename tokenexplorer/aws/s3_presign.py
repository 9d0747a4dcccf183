"""Presigned GET URLs: a link anyone can use, for a lifetime the user picks.

SigV4 limits a presigned URL to 7 days; a URL signed with temporary credentials stops
working when they expire, whatever its own lifetime, and the result says so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from tokenexplorer.aws.s3_errors import S3Error
from tokenexplorer.aws.s3_types import PresignedUrl, Requests

PRESIGN_MAX_SECONDS = 7 * 24 * 3600  # SigV4's limit


def presigned_get_url(browser: Requests, bucket: str, key: str, expires_in: int,
                      credentials_expire: Callable[[], datetime | None]) -> PresignedUrl:
    """S3Browser.presigned_get_url; `credentials_expire()` says, once signed, when the
    signing credentials end (None when unknown)."""
    if not 1 <= int(expires_in) <= PRESIGN_MAX_SECONDS:
        raise S3Error(
            "bad_lifetime",
            f"A presigned URL lives between 1 second and 7 days ({PRESIGN_MAX_SECONDS} s).",
        )

    def sign(client: Any) -> str:
        return str(client.generate_presigned_url(
            "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=int(expires_in)))

    url = browser.call(bucket, "s3:GetObject", browser.arn(bucket, key), sign)
    expires_at = datetime.now(UTC) + timedelta(seconds=int(expires_in))
    note = None
    ends = credentials_expire()
    if ends is not None and ends < expires_at:
        note = (
            "It is signed with temporary credentials, so it stops working when they expire "
            f"at {ends.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC, before its own "
            "lifetime ends."
        )
    return PresignedUrl(url, expires_at, note)


__all__ = ["PRESIGN_MAX_SECONDS", "presigned_get_url"]
