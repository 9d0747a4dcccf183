"""Browse a bucket with temporary credentials: list, download, upload, delete, presign.

Made for a UI that must never freeze: listings are generators that yield each page as
it arrives; transfers report progress on the calling thread and stop when `cancelled()`
turns true. Downloads go to a temporary file next to the target and are renamed only on
success, so an interrupted download never leaves a partial file under the real name.
Every failure is an `S3Error` that explains itself (see s3_errors). Expired credentials
are renewed and the call retried once; a bucket in another region is followed there.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tokenexplorer.activity import ActivityLog
from tokenexplorer.aws import credentials as creds_module
from tokenexplorer.aws import s3_delete, s3_errors, s3_presign, s3_transfer
from tokenexplorer.aws.clients import AwsCredentials, make_client
from tokenexplorer.aws.credentials import CallerIdentity, CredentialsError, CredentialsManager
from tokenexplorer.aws.downloads import Choice, PlannedFile
from tokenexplorer.aws.s3_errors import Cancelled, S3Error
from tokenexplorer.aws.s3_presign import PRESIGN_MAX_SECONDS
from tokenexplorer.aws.s3_transfer import new_file_mode
from tokenexplorer.aws.s3_types import (
    CancelCheck,
    CredentialsSource,
    DeleteResult,
    ListingPage,
    PresignedUrl,
    Progress,
    S3Object,
    breadcrumbs,
    folder_prefix,
    human_size,
    list_objects_v2,
    never,
    no_progress,
    parent_prefix,
)

if TYPE_CHECKING:
    from tokenexplorer.cognito.profiles import Profile

T = TypeVar("T")



def _presign_sigv4(signature_version: Any = None, **_: Any) -> str | None:
    if isinstance(signature_version, str) and signature_version.endswith("-query"):
        return "s3v4-query"
    return None  # not a presigned URL: botocore's own choice


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
        caller_identity: Callable[[AwsCredentials], CallerIdentity] | None = None,
    ) -> None:
        self._source = credentials
        self.region = region
        self.endpoint_url = endpoint_url
        self._activity = activity
        self.transfer_config = transfer_config or s3_transfer.default_transfer_config()
        self._caller_identity = caller_identity
        self._extra_config: dict[str, Any] = {
            name: value for name, value in (("connect_timeout", connect_timeout),
                                            ("read_timeout", read_timeout)) if value is not None}
        if endpoint_url:
            # Emulators and S3-compatible endpoints rarely serve bucket.host names.
            self._extra_config["s3"] = {"addressing_style": "path"}
        self._lock = threading.Lock()
        self._clients: dict[tuple[str, AwsCredentials], Any] = {}
        self._bucket_regions: dict[str, str] = {}
        self._principals: dict[str, CallerIdentity | None] = {}

    @classmethod
    def for_profile(
        cls, profile: Profile, credentials: CredentialsSource,
        activity: ActivityLog | None = None,
        **kwargs: Any,
    ) -> S3Browser:
        """A browser in the profile's identity-pool region, using its endpoint override.

        AccessDenied messages name the role from STS GetCallerIdentity."""

        try:
            region = creds_module.identity_pool_region(profile)
        except CredentialsError:
            region = profile.region

        def whoami(aws: AwsCredentials) -> CallerIdentity:
            return creds_module.caller_identity(aws, profile, activity)

        kwargs.setdefault("caller_identity", whoami)
        return cls(credentials, region, profile.endpoint_url, activity,
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
                    max_pool_connections=max(10, self.transfer_config.max_concurrency + 2),
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

    def principal(self) -> CallerIdentity | None:
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

    def call(self, bucket: str, action: str, resource: str, fn: Callable[[Any], T]) -> T:
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
                    principal=principal, kind=self._kind(),
                ) from None

    def _kind(self) -> str | None:
        """"guest" or "authenticated" when the source knows (AccessDenied names the role)."""
        return self._source.kind if isinstance(self._source, CredentialsManager) else None

    def arn(self, bucket: str, key: str | None = None) -> str:
        return s3_errors.resource_arn(self.bucket_region(bucket), bucket, key)

    # -- listing

    def list_prefix(
        self,
        bucket: str,
        prefix: str = "",
        page_size: int = 1000,
        cancelled: CancelCheck = never,
    ) -> Iterator[ListingPage]:
        """The folders and objects directly under `prefix`, one page per S3 response.

        Stops quietly when `cancelled()` turns true (the last page yielded then has
        is_last False). The folder marker object (key == prefix) is not listed."""
        prefix = folder_prefix(prefix)
        token: str | None = None
        number = 0
        resource = self.arn(bucket)
        if prefix:
            resource += f" (prefix {prefix!r})"
        while not cancelled():
            params: dict[str, Any] = {"Bucket": bucket, "Prefix": prefix, "Delimiter": "/",
                                      "MaxKeys": page_size}
            if token:
                params["ContinuationToken"] = token
            answer = self.call(bucket, "s3:ListBucket", resource,
                               functools.partial(list_objects_v2, params=params))
            number += 1
            folders = [entry["Prefix"] for entry in answer.get("CommonPrefixes", ())]
            objects = [S3Object.listed(item) for item in answer.get("Contents", ())
                       if item["Key"] != prefix]
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
        answer = self.call(
            bucket, "s3:GetObject", self.arn(bucket, key),
            lambda c: c.head_object(Bucket=bucket, Key=key),
        )
        return S3Object(
            key, int(answer.get("ContentLength", 0)), answer.get("LastModified"),
            answer.get("ETag", ""), answer.get("StorageClass", "STANDARD"),
        )

    # -- transfers

    def download(
        self,
        bucket: str,
        keys: Sequence[str | S3Object],
        dest_dir: Path | str,
        progress: Progress = no_progress,
        cancelled: CancelCheck = never,
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
                         progress: Progress = no_progress,
                         cancelled: CancelCheck = never) -> list[Path]:
        """Download files planned and resolved with `downloads` (the UI asks between)."""
        from tokenexplorer.aws import s3_fetch

        return s3_fetch.fetch(self, bucket, plan, dest_dir, progress, cancelled)

    def list_tree(self, bucket: str, prefix: str,
                  cancelled: CancelCheck = never) -> list[S3Object]:
        """Every object below `prefix`, subfolders included (for folder downloads)."""
        from tokenexplorer.aws import s3_fetch

        return s3_fetch.list_tree(self, bucket, prefix, cancelled)

    def upload(
        self,
        bucket: str,
        prefix: str,
        paths: Sequence[Path | str],
        progress: Progress = no_progress,
        cancelled: CancelCheck = never,
        *,
        follow_links: bool = False,
        skipped_links: list[Path] | None = None,
    ) -> list[str]:
        """Upload files (folders recursively) under `prefix` with boto3's managed transfer
        (multipart above the threshold). A cancelled multipart upload is aborted, so no
        object appears. Returns the keys written. Symbolic links in folders are not
        followed unless `follow_links` (upload_walk); the ones left out are appended to
        `skipped_links`."""
        return s3_transfer.upload(self, bucket, prefix, paths, progress, cancelled,
                                  follow_links=follow_links, skipped_links=skipped_links)

    # -- changes

    def delete(self, bucket: str, keys: Sequence[str]) -> DeleteResult:
        """Delete objects (DeleteObjects, 1000 per request). Per-key refusals are returned
        in `failed`, not raised; a refusal of the whole request raises S3Error."""
        return s3_delete.delete(self, bucket, keys)

    def delete_prefix(self, bucket: str, prefix: str, progress: Progress = no_progress,
                      cancelled: CancelCheck = never, page_size: int = 1000) -> DeleteResult:
        """Delete a folder: every object whose key starts with `prefix` (its marker and
        its subfolders), one page at a time (s3_delete). Raises Cancelled between pages."""
        return s3_delete.delete_prefix(self, bucket, prefix, progress, cancelled, page_size)

    def delete_selection(self, bucket: str, keys: Sequence[str], folders: Sequence[str],
                         progress: Callable[[int], None] = lambda _count: None,
                         cancelled: CancelCheck = never) -> DeleteResult:
        """Objects and whole folders chosen together (the S3 tab's Delete)."""
        return s3_delete.delete_selection(self, bucket, keys, folders, progress, cancelled)

    def create_folder(self, bucket: str, prefix: str) -> str:
        """A folder is a prefix; an empty object named 'prefix/' makes it visible."""
        key = folder_prefix(prefix)
        if not key:
            raise S3Error("bad_key", "A folder needs a name.")
        self.call(
            bucket, "s3:PutObject", self.arn(bucket, key),
            lambda c: c.put_object(Bucket=bucket, Key=key, Body=b""),
        )
        return key

    def presigned_get_url(self, bucket: str, key: str, expires_in: int = 3600) -> PresignedUrl:
        """A URL anyone can GET for `expires_in` seconds (max 7 days). It is signed with the
        current temporary credentials, so it stops working when they expire (s3_presign)."""
        return s3_presign.presigned_get_url(self, bucket, key, expires_in,
                                            self._credentials_expire)

    def _credentials_expire(self) -> datetime | None:
        held = self._source.credentials if isinstance(self._source, CredentialsManager) else None
        return held.expiration if held is not None else None


__all__ = [
    "PRESIGN_MAX_SECONDS",
    "CancelCheck",
    "Cancelled",
    "CredentialsSource",
    "DeleteResult",
    "ListingPage",
    "PresignedUrl",
    "Progress",
    "S3Browser",
    "S3Error",
    "S3Object",
    "breadcrumbs",
    "folder_prefix",
    "human_size",
    "new_file_mode",
    "parent_prefix",
]
