"""What S3 listings and changes return, and the prefix arithmetic of a folder view.

Plain data and pure functions with nothing but the standard library behind them, so the
window can import them at start-up (the S3 browser itself loads boto3 on first use).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from tokenexplorer.aws.clients import AwsCredentials

T = TypeVar("T")

Progress = Callable[[int, int], None]  # (done, total), on the calling thread
CancelCheck = Callable[[], bool]


def never() -> bool:
    """The default `cancelled`: the operation runs to its end."""
    return False


def no_progress(done: int, total: int) -> None:
    """The default `progress`: nobody is watching."""
    return None


class CredentialsSource(Protocol):
    """What S3Browser needs: current credentials, and fresh ones after ExpiredToken."""

    def aws_credentials(self) -> AwsCredentials: ...

    def renew_now(self) -> AwsCredentials: ...


class Requests(Protocol):
    """What the transfer and delete loops need from S3Browser: one S3 call with its retries
    and explanations, the ARN that names a resource, and the transfer sizes."""

    transfer_config: Any  # boto3.s3.transfer.TransferConfig

    def call(self, bucket: str, action: str, resource: str, fn: Callable[[Any], T]) -> T: ...

    def arn(self, bucket: str, key: str | None = None) -> str: ...


@dataclass(frozen=True, slots=True)
class S3Object:
    key: str
    size: int
    last_modified: datetime
    etag: str
    storage_class: str

    @classmethod
    def listed(cls, item: dict[str, Any]) -> S3Object:
        """One entry of ListObjectsV2's `Contents`."""
        return cls(item["Key"], int(item.get("Size", 0)), item["LastModified"],
                   item.get("ETag", ""), item.get("StorageClass", "STANDARD"))

    @property
    def name(self) -> str:
        """The last path segment (what a file browser shows)."""
        return self.key.rstrip("/").rsplit("/", 1)[-1]

    @property
    def multipart_parts(self) -> int | None:
        """Parts count from a multipart ETag (`"…-3"` → 3); None for single-part objects."""
        tail = self.etag.strip('"').rpartition("-")[2]
        return int(tail) if "-" in self.etag and tail.isascii() and tail.isdigit() else None


@dataclass(frozen=True, slots=True)
class ListingPage:
    prefix: str
    folders: list[str]  # full prefixes, each ending in "/"
    objects: list[S3Object]
    is_last: bool
    number: int  # 1-based page number


@dataclass(frozen=True)
class DeleteResult:
    deleted: list[str]
    failed: dict[str, str] = field(default_factory=dict)  # key -> message for people


@dataclass(frozen=True)
class PresignedUrl:
    url: str
    expires_at: datetime
    note: str | None = None  # e.g. "works only until the credentials expire at …"


def list_objects_v2(client: Any, params: dict[str, Any]) -> Any:
    """One ListObjectsV2 page (for `Requests.call` with functools.partial: loops bind
    their parameters at once, not when the call runs)."""
    return client.list_objects_v2(**params)


def human_size(n: int) -> str:
    """1536 → '1.5 KiB' (binary units, like `aws s3 ls --human-readable`)."""
    if n < 1024:
        return f"{n} B"
    value = float(n)
    for unit in ("KiB", "MiB", "GiB", "TiB", "PiB"):
        value /= 1024
        if value < 1024 or unit == "PiB":
            return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
    raise AssertionError("unreachable")


def folder_prefix(prefix: str) -> str:
    """'' stays '' (the bucket root); 'a/b' and 'a/b/' become 'a/b/'."""
    prefix = prefix.lstrip("/")
    return prefix if not prefix or prefix.endswith("/") else prefix + "/"


def breadcrumbs(prefix: str) -> list[tuple[str, str]]:
    """[(label, prefix)] from the root: 'a/b/' → [('/', ''), ('a', 'a/'), ('b', 'a/b/')].

    Every target is a prefix S3 lists: an empty segment ('a//b/') is a folder of its own
    (named '', at 'a//'), as it is in a delimiter listing."""
    crumbs = [("/", "")]
    current = ""
    for part in folder_prefix(prefix).split("/")[:-1]:
        current += part + "/"
        crumbs.append((part, current))
    return crumbs


def parent_prefix(prefix: str) -> str:
    """The folder above `prefix`: 'a/b/' → 'a/', 'a/' → '', '' → '' (the root has none)."""
    crumbs = breadcrumbs(prefix)
    return crumbs[-2][1] if len(crumbs) > 1 else ""


__all__ = [
    "CancelCheck",
    "CredentialsSource",
    "DeleteResult",
    "ListingPage",
    "PresignedUrl",
    "Progress",
    "Requests",
    "S3Object",
    "breadcrumbs",
    "folder_prefix",
    "human_size",
    "list_objects_v2",
    "never",
    "no_progress",
    "parent_prefix",
]
