"""Browse a bucket with temporary credentials: list, download, upload, delete, presign.

Made for a UI that must never freeze: listings are generators that yield each page as
it arrives; transfers report progress on the calling thread and stop when `cancelled()`
turns true. Downloads go to a temporary file next to the target and are renamed only on
success, so an interrupted download never leaves a partial file under the real name.
Every failure is an `S3Error` that explains itself (see s3_errors). Expired credentials
are renewed and the call retried once; a bucket in another region is followed there.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, TypeVar

from tokenexplorer.activity import ActivityLog
from tokenexplorer.aws import credentials as creds_module
from tokenexplorer.aws import s3_errors
from tokenexplorer.aws.clients import AwsCredentials, make_client
from tokenexplorer.aws.credentials import CredentialsError
from tokenexplorer.aws.downloads import Choice, PlannedFile
from tokenexplorer.aws.s3_errors import Cancelled, S3Error

T = TypeVar("T")
Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

PRESIGN_MAX_SECONDS = 7 * 24 * 3600  # SigV4's limit
_POLL = 0.05  # how often transfers check `cancelled` and report progress (seconds)


def _never() -> bool:
    return False


def _no_progress(done: int, total: int) -> None:
    return None


class CredentialsSource(Protocol):
    """What S3Browser needs: current credentials, and fresh ones after ExpiredToken."""

    def aws_credentials(self) -> AwsCredentials: ...

    def renew_now(self) -> AwsCredentials: ...


@dataclass(frozen=True, slots=True)
class S3Object:
    key: str
    size: int
    last_modified: datetime
    etag: str
    storage_class: str

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


# ---------------------------------------------------------------- small helpers


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
    """[(label, prefix)] from the root: 'a/b/' → [('/', ''), ('a', 'a/'), ('b', 'a/b/')]."""
    crumbs = [("/", "")]
    current = ""
    for part in folder_prefix(prefix).split("/"):
        if part:
            current += part + "/"
            crumbs.append((part, current))
    return crumbs


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


def _presign_sigv4(signature_version: Any = None, **_: Any) -> str | None:
    if isinstance(signature_version, str) and signature_version.endswith("-query"):
        return "s3v4-query"
    return None  # not a presigned URL: botocore's own choice


def _default_transfer_config() -> Any:
    from boto3.s3.transfer import TransferConfig

    # The same sizes as the AWS CLI: 8 MiB parts, 10 in parallel.
    return TransferConfig(
        multipart_threshold=8 * 1024 * 1024,
        multipart_chunksize=8 * 1024 * 1024,
        max_concurrency=10,
        use_threads=True,
    )


class _Tracker:
    """Collects s3transfer progress from its worker threads; read on the caller's thread."""

    def __init__(self, known_size: int | None = None) -> None:
        self._lock = threading.Lock()
        self.bytes = 0
        self.done = threading.Event()
        self.known_size = known_size

    def subscriber(self) -> Any:
        from s3transfer.subscribers import BaseSubscriber

        tracker = self

        class _Subscriber(BaseSubscriber):
            def on_queued(self, future: Any, **kwargs: Any) -> None:
                if tracker.known_size is not None:
                    future.meta.provide_transfer_size(tracker.known_size)

            def on_progress(self, future: Any, bytes_transferred: int, **kwargs: Any) -> None:
                with tracker._lock:
                    tracker.bytes += bytes_transferred

            def on_done(self, future: Any, **kwargs: Any) -> None:
                tracker.done.set()

        return _Subscriber()

    def read(self) -> int:
        with self._lock:
            return self.bytes


# ---------------------------------------------------------------- the browser


class S3Browser:
    """S3 operations for one credentials source. Thread-safe; every method blocks (call it
    from a worker). `region` is where buckets are assumed to be until S3 says otherwise."""

    def __init__(
        self,
        credentials: CredentialsSource,
        region: str,
        endpoint_url: str | None = None,
        activity: ActivityLog | None = None,
        *,
        transfer_config: Any = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        caller_identity: Callable[[AwsCredentials], Any] | None = None,
    ) -> None:
        self._source = credentials
        self.region = region
        self.endpoint_url = endpoint_url
        self._activity = activity
        self._transfer_config = transfer_config or _default_transfer_config()
        self._timeouts: dict[str, float] = {}
        if connect_timeout is not None:
            self._timeouts["connect_timeout"] = connect_timeout
        if read_timeout is not None:
            self._timeouts["read_timeout"] = read_timeout
        self._caller_identity = caller_identity
        self._extra_config: dict[str, Any] = dict(self._timeouts)
        if endpoint_url:
            # Emulators and S3-compatible endpoints rarely serve bucket.host names.
            self._extra_config["s3"] = {"addressing_style": "path"}
        self._lock = threading.Lock()
        self._clients: dict[tuple[str, AwsCredentials], Any] = {}
        self._bucket_regions: dict[str, str] = {}
        self._principals: dict[str, Any] = {}

    @classmethod
    def for_profile(
        cls, profile: Any, credentials: CredentialsSource, activity: ActivityLog | None = None,
        **kwargs: Any,
    ) -> S3Browser:
        """A browser in the profile's identity-pool region, using its endpoint override.

        AccessDenied messages name the role from STS GetCallerIdentity."""

        try:
            region = creds_module.identity_pool_region(profile)
        except CredentialsError:
            region = profile.region

        def whoami(aws: AwsCredentials) -> Any:
            return creds_module.caller_identity(aws, profile, activity)

        kwargs.setdefault("caller_identity", whoami)
        return cls(credentials, region, getattr(profile, "endpoint_url", None), activity,
                   **kwargs)

    # -- clients, retries and explanations

    def bucket_region(self, bucket: str) -> str:
        """Where requests for `bucket` go (the profile's region until S3 redirects)."""
        with self._lock:
            return self._bucket_regions.get(bucket, self.region)

    def _client(self, bucket: str) -> Any:
        region = self.bucket_region(bucket)
        creds = self._source.aws_credentials()
        key = (region, creds)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                if len(self._clients) > 8:  # old credentials' clients: let them go
                    self._clients.clear()
                client = make_client(
                    "s3",
                    region=region,
                    endpoint_url=self.endpoint_url,
                    credentials=creds,
                    activity=self._activity,
                    max_pool_connections=max(10, self._transfer_config.max_concurrency + 2),
                    **self._extra_config,
                )
                # Presigned URLs with SigV4 (botocore still presigns with SigV2 in older
                # regions by default; SigV2 is being retired and refused in newer regions).
                client.meta.events.register_first("choose-signer.s3", _presign_sigv4)
                self._clients[key] = client
            return client

    def prepare(self, bucket: str) -> None:
        """Get the credentials and make the client for `bucket` now, without a request
        (botocore loads the S3 model here): for a caller that wants the one-time loading
        done before a listing starts."""
        try:
            self._client(bucket)
        except CredentialsError as exc:
            raise S3Error(exc.code, exc.message, exc.original_code) from None

    def principal(self) -> Any:
        """CallerIdentity of the current credentials (cached per access key), or None."""
        if self._caller_identity is None:
            return None
        creds = self._source.aws_credentials()
        with self._lock:
            if creds.access_key_id in self._principals:
                return self._principals[creds.access_key_id]
        try:
            who = self._caller_identity(creds)
        except Exception:
            who = None
        with self._lock:
            self._principals[creds.access_key_id] = who
        return who

    def _call(self, bucket: str, action: str, resource: str, fn: Callable[[Any], T]) -> T:
        """Run fn(client); follow a region redirect and renew expired credentials once each."""
        redirected = renewed = False
        while True:
            region = self.bucket_region(bucket)
            try:
                return fn(self._client(bucket))
            except S3Error:
                raise
            except CredentialsError as exc:
                raise S3Error(exc.code, exc.message, exc.original_code) from None
            except Exception as exc:
                hint = s3_errors.region_hint(exc)
                if hint and hint != region and not redirected:
                    redirected = True
                    with self._lock:
                        self._bucket_regions[bucket] = hint
                    continue
                if s3_errors.is_expired(exc) and not renewed:
                    renewed = True
                    try:
                        self._source.renew_now()
                    except Exception:
                        pass  # explained below as expired credentials
                    else:
                        continue
                principal = (
                    self.principal() if s3_errors.error_code(exc) in ("AccessDenied", "403")
                    else None
                )
                raise s3_errors.explain(
                    exc, action=action, resource=resource, bucket=bucket, region=region,
                    principal=principal, kind=getattr(self._source, "kind", None),
                ) from None

    def _arn(self, bucket: str, key: str | None = None) -> str:
        return s3_errors.resource_arn(self.bucket_region(bucket), bucket, key)

    # -- listing

    def list_prefix(
        self,
        bucket: str,
        prefix: str = "",
        page_size: int = 1000,
        cancelled: CancelCheck = _never,
    ) -> Iterator[ListingPage]:
        """The folders and objects directly under `prefix`, one page per S3 response.

        Stops quietly when `cancelled()` turns true (the last page yielded then has
        is_last False). The folder marker object (key == prefix) is not listed."""
        prefix = folder_prefix(prefix)
        token: str | None = None
        number = 0
        resource = self._arn(bucket)
        if prefix:
            resource += f" (prefix {prefix!r})"
        while not cancelled():
            params: dict[str, Any] = {
                "Bucket": bucket, "Prefix": prefix, "Delimiter": "/", "MaxKeys": page_size,
            }
            if token:
                params["ContinuationToken"] = token
            answer = self._call(
                bucket, "s3:ListBucket", resource, lambda c, p=params: c.list_objects_v2(**p)
            )
            number += 1
            folders = [entry["Prefix"] for entry in answer.get("CommonPrefixes", ())]
            objects = [
                S3Object(
                    item["Key"],
                    int(item.get("Size", 0)),
                    item["LastModified"],
                    item.get("ETag", ""),
                    item.get("StorageClass", "STANDARD"),
                )
                for item in answer.get("Contents", ())
                if item["Key"] != prefix
            ]
            token = answer.get("NextContinuationToken")
            is_last = not (answer.get("IsTruncated") and token)
            yield ListingPage(prefix, folders, objects, is_last, number)
            if is_last:
                return

    def list_all(self, bucket: str, prefix: str = "", page_size: int = 1000) -> ListingPage:
        """The whole listing as one page (for scripts and small prefixes)."""
        folders: list[str] = []
        objects: list[S3Object] = []
        number = 0
        for page in self.list_prefix(bucket, prefix, page_size):
            folders += page.folders
            objects += page.objects
            number = page.number
        return ListingPage(folder_prefix(prefix), folders, objects, True, number)

    def head(self, bucket: str, key: str) -> S3Object:
        answer = self._call(
            bucket, "s3:GetObject", self._arn(bucket, key),
            lambda c: c.head_object(Bucket=bucket, Key=key),
        )
        return S3Object(
            key, int(answer.get("ContentLength", 0)), answer.get("LastModified"),
            answer.get("ETag", ""), answer.get("StorageClass", "STANDARD"),
        )

    # -- transfers

    def _wait(
        self,
        future: Any,
        tracker: _Tracker,
        base: int,
        total: int,
        progress: Progress,
        cancelled: CancelCheck,
        what: str,
    ) -> None:
        """Block until the transfer ends; report progress and honour cancel meanwhile."""
        last = -1
        while not tracker.done.wait(_POLL):
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

    def download(
        self,
        bucket: str,
        keys: Sequence[str | S3Object],
        dest_dir: Path | str,
        progress: Progress = _no_progress,
        cancelled: CancelCheck = _never,
        conflict: Choice | Callable[[PlannedFile], Choice] | None = None,
    ) -> list[Path]:
        """Download each object into `dest_dir` under its last key segment, made safe
        for every OS (local_names); the paths written.

        A name already taken on disk is replaced, kept beside ("name (1).ext") or
        skipped as `conflict` decides (a Choice, or asked per file); with None nothing
        existing is touched and S3Error "exists" is raised before any transfer. Writing
        goes through a temporary file (s3_fetch). `progress(done_bytes, total_bytes)`
        runs on this thread. Raises Cancelled (files finished before the cancel stay)."""
        from tokenexplorer.aws import downloads, s3_fetch

        downloads.require_folder(dest_dir)  # before any request
        items = [k if isinstance(k, S3Object) else self.head(bucket, k) for k in keys]
        # Sizes just read with HEAD can be handed to s3transfer (saves its own HEAD); sizes
        # from an older listing cannot: the object may have changed since.
        fresh = [id(item) for item, key in zip(items, keys, strict=True) if item is not key]
        plan = downloads.resolve(downloads.plan_files(items, dest_dir, fresh=fresh), conflict)
        return s3_fetch.fetch(self, bucket, plan, dest_dir, progress, cancelled)

    def download_planned(self, bucket: str, plan: Sequence[PlannedFile], dest_dir: Path | str,
                         progress: Progress = _no_progress,
                         cancelled: CancelCheck = _never) -> list[Path]:
        """Download files planned and resolved with `downloads` (the UI asks between)."""
        from tokenexplorer.aws import s3_fetch

        return s3_fetch.fetch(self, bucket, plan, dest_dir, progress, cancelled)

    def list_tree(self, bucket: str, prefix: str,
                  cancelled: CancelCheck = _never) -> list[S3Object]:
        """Every object below `prefix`, subfolders included (for folder downloads)."""
        from tokenexplorer.aws import s3_fetch

        return s3_fetch.list_tree(self, bucket, prefix, cancelled)

    def upload(
        self,
        bucket: str,
        prefix: str,
        paths: Sequence[Path | str],
        progress: Progress = _no_progress,
        cancelled: CancelCheck = _never,
        *,
        follow_links: bool = False,
        skipped_links: list[Path] | None = None,
    ) -> list[str]:
        """Upload files (folders recursively) under `prefix` with boto3's managed transfer
        (multipart above the threshold). A cancelled multipart upload is aborted, so no
        object appears. Returns the keys written. Symbolic links in folders are not
        followed unless `follow_links` (upload_walk); the ones left out are appended to
        `skipped_links`."""
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
                tracker = _Tracker()
                try:
                    handle = open_planned(path, follow_links)
                except OSError as error:
                    raise S3Error("file_changed", f"{path.name} was not uploaded: it changed "
                                  f"since it was chosen ({error.strerror or error}).") from None
                with handle, TransferManager(client, self._transfer_config) as manager:
                    future = manager.upload(
                        handle, bucket, key, subscribers=[tracker.subscriber()]
                    )
                    self._wait(future, tracker, base, total, progress, cancelled,
                               f"The upload of {path.name}")

            self._call(bucket, "s3:PutObject", self._arn(bucket, key), one)
            done += path.stat().st_size
            keys.append(key)
        return keys

    # -- changes

    def delete(self, bucket: str, keys: Sequence[str]) -> DeleteResult:
        """Delete objects (DeleteObjects, 1000 per request). Per-key refusals are returned
        in `failed`, not raised; a refusal of the whole request raises S3Error."""
        deleted: list[str] = []
        failed: dict[str, str] = {}
        keys = list(dict.fromkeys(keys))
        for start in range(0, len(keys), 1000):
            batch = keys[start:start + 1000]
            body = {"Objects": [{"Key": k} for k in batch], "Quiet": False}
            answer = self._call(
                bucket, "s3:DeleteObject", self._arn(bucket, batch[0]),
                lambda c, b=body: c.delete_objects(Bucket=bucket, Delete=b),
            )
            deleted += [entry["Key"] for entry in answer.get("Deleted", ())]
            for entry in answer.get("Errors", ()):
                code = entry.get("Code", "Error")
                if code == "AccessDenied":
                    failed[entry["Key"]] = (
                        f"Access denied: s3:DeleteObject on {self._arn(bucket, entry['Key'])} "
                        "is not allowed by the identity pool role's policy."
                    )
                else:
                    failed[entry["Key"]] = f"{code}: {entry.get('Message', '')}".strip()
        return DeleteResult(deleted, failed)

    def delete_prefix(
        self,
        bucket: str,
        prefix: str,
        progress: Progress = _no_progress,
        cancelled: CancelCheck = _never,
        page_size: int = 1000,
    ) -> DeleteResult:
        """Delete a folder: every object whose key starts with `prefix` (its marker object
        and everything in its subfolders), listed page by page without a delimiter and
        deleted one page (≤ 1000 keys, one DeleteObjects) at a time, so memory stays flat
        however big the folder. `progress(deleted, listed so far)` runs after each page.
        Raises Cancelled between pages (what was deleted by then stays deleted)."""
        prefix = folder_prefix(prefix)
        if not prefix:
            raise S3Error("bad_key", "Deleting a folder needs its prefix; the bucket root "
                          "is not deleted this way.")
        resource = f"{self._arn(bucket)} (prefix {prefix!r})"
        deleted: list[str] = []
        failed: dict[str, str] = {}
        listed = 0
        token: str | None = None
        while True:
            if cancelled():
                raise Cancelled(f"Deleting {prefix} (after {len(deleted)} objects)")
            params: dict[str, Any] = {"Bucket": bucket, "Prefix": prefix,
                                      "MaxKeys": min(page_size, 1000)}
            if token:
                params["ContinuationToken"] = token
            answer = self._call(
                bucket, "s3:ListBucket", resource, lambda c, p=params: c.list_objects_v2(**p)
            )
            keys = [item["Key"] for item in answer.get("Contents", ())]
            listed += len(keys)
            if keys:
                result = self.delete(bucket, keys)
                deleted += result.deleted
                failed.update(result.failed)
            progress(len(deleted), listed)
            token = answer.get("NextContinuationToken")
            if not (answer.get("IsTruncated") and token):
                return DeleteResult(deleted, failed)

    def create_folder(self, bucket: str, prefix: str) -> str:
        """A folder is a prefix; an empty object named 'prefix/' makes it visible."""
        key = folder_prefix(prefix)
        if not key:
            raise S3Error("bad_key", "A folder needs a name.")
        self._call(
            bucket, "s3:PutObject", self._arn(bucket, key),
            lambda c: c.put_object(Bucket=bucket, Key=key, Body=b""),
        )
        return key

    def presigned_get_url(self, bucket: str, key: str, expires_in: int = 3600) -> PresignedUrl:
        """A URL anyone can GET for `expires_in` seconds (max 7 days). It is signed with the
        current temporary credentials, so it stops working when they expire."""
        if not 1 <= int(expires_in) <= PRESIGN_MAX_SECONDS:
            raise S3Error(
                "bad_lifetime",
                f"A presigned URL lives between 1 second and 7 days ({PRESIGN_MAX_SECONDS} s).",
            )
        url = self._call(
            bucket, "s3:GetObject", self._arn(bucket, key),
            lambda c: c.generate_presigned_url(
                "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=int(expires_in)
            ),
        )
        expires_at = datetime.now(UTC) + timedelta(seconds=int(expires_in))
        note = None
        held = getattr(self._source, "credentials", None)
        cred_expiry = getattr(held, "expiration", None)
        if isinstance(cred_expiry, datetime) and cred_expiry < expires_at:
            note = (
                "It is signed with temporary credentials, so it stops working when they expire "
                f"at {cred_expiry.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC, before its own "
                "lifetime ends."
            )
        return PresignedUrl(url, expires_at, note)
