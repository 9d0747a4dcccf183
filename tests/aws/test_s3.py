"""The S3 browser against the emulator with identity-pool credentials, over real HTTP."""

from __future__ import annotations

import hashlib
import os
import urllib.request
from datetime import UTC, datetime

import pytest

from tokenexplorer.activity import ActivityLog
from tokenexplorer.aws import credentials as creds
from tokenexplorer.aws.s3 import (
    S3Browser,
    S3Object,
    breadcrumbs,
    folder_prefix,
    human_size,
    parent_prefix,
)
from tokenexplorer.aws.s3_errors import Cancelled, S3Error

MiB = 1024 * 1024


@pytest.fixture
def profile(guest_profile):
    return guest_profile


@pytest.fixture
def manager(profile):
    return creds.CredentialsManager(profile, "guest")


@pytest.fixture
def browser(profile, manager):
    return S3Browser.for_profile(profile, manager)


@pytest.fixture
def bucket(s3_admin):
    """A bucket of its own with a known layout (the sandbox bucket has sample objects)."""
    name = "listing-test"
    s3_admin.create_bucket(Bucket=name)
    return name


def _put(s3_admin, bucket: str, keys: list[str], body: bytes = b"x") -> None:
    for key in keys:
        s3_admin.put_object(Bucket=bucket, Key=key, Body=body)


def test_up_and_the_breadcrumb_lead_to_prefixes_s3_lists():
    """Up and the breadcrumb come from one rule: each target is a folder S3 lists, an
    empty segment ('a//') included (a delimiter listing at 'a/' shows it as a folder)."""
    assert parent_prefix("a/b/") == "a/"
    assert parent_prefix("a/") == ""
    assert parent_prefix("") == ""
    assert parent_prefix("a/b") == "a/"  # typed without the slash: the same folder
    assert parent_prefix("a//b/") == "a//"
    assert breadcrumbs("a//b/") == [("/", ""), ("a", "a/"), ("", "a//"), ("b", "a//b/")]
    for prefix in ("x/y/z/", "x//", "/x/"):
        assert parent_prefix(prefix) == breadcrumbs(prefix)[-2][1]


def test_human_size_and_prefix_helpers():
    assert human_size(0) == "0 B"
    assert human_size(1023) == "1023 B"
    assert human_size(1536) == "1.5 KiB"
    assert human_size(200 * MiB) == "200 MiB"
    assert folder_prefix("a/b") == "a/b/"
    assert folder_prefix("") == ""
    assert breadcrumbs("a/b/") == [("/", ""), ("a", "a/"), ("b", "a/b/")]
    assert S3Object("k", 1, datetime.now(UTC), '"abc-3"', "STANDARD").multipart_parts == 3
    assert S3Object("k", 1, datetime.now(UTC), '"abc"', "STANDARD").multipart_parts is None


def test_listing_pages_arrive_one_by_one_with_folders_and_root_objects(browser, bucket,
                                                                      s3_admin):
    root_files = [f"root-{i:02}.txt" for i in range(7)]
    folders = ["docs/", "images/", "videos/"]
    _put(s3_admin, bucket, root_files + [f + "inner.txt" for f in folders])
    pages = list(browser.list_prefix(bucket, "", page_size=3))
    # 7 root objects + 3 common prefixes = 10 entries, 3 per page → 4 pages.
    assert len(pages) == 4
    assert [p.number for p in pages] == [1, 2, 3, 4]
    assert [p.is_last for p in pages] == [False, False, False, True]
    listed_objects = [o.key for p in pages for o in p.objects]
    listed_folders = [f for p in pages for f in p.folders]
    assert sorted(listed_objects) == root_files
    assert sorted(listed_folders) == folders
    sample = pages[0].objects[0] if pages[0].objects else pages[1].objects[0]
    assert sample.size == 1 and sample.last_modified.tzinfo is not None


def test_each_page_is_yielded_before_the_next_is_asked_for(profile, bucket, s3_admin,
                                                         fault_proxy):
    """Rows can be shown as pages arrive: the generator fetches lazily."""
    _put(s3_admin, bucket, [f"k{i:02}" for i in range(9)])
    proxied = profile.__class__(**{**profile.to_json(), "endpoint_url": fault_proxy.url})
    browser = S3Browser.for_profile(proxied, creds.CredentialsManager(proxied, "guest"))
    pages = browser.list_prefix(bucket, "", page_size=3)

    def list_calls() -> int:
        return sum(1 for seen in fault_proxy.seen if "list-type=2" in seen.path)

    first = next(pages)
    assert len(first.objects) == 3 and list_calls() == 1
    rest = list(pages)
    assert len(rest) == 2 and list_calls() == 3
    assert "continuation-token=" in [s.path for s in fault_proxy.seen if "list-type" in s.path][1]


def test_listing_a_prefix_hides_its_folder_marker(browser, bucket, s3_admin):
    _put(s3_admin, bucket, ["docs/", "docs/a.txt", "docs/sub/b.txt", "other.txt"], b"")
    page = browser.list_all(bucket, "docs")
    assert [o.key for o in page.objects] == ["docs/a.txt"]
    assert page.folders == ["docs/sub/"]


def test_listing_stops_when_cancelled(browser, bucket, s3_admin):
    _put(s3_admin, bucket, [f"k{i}" for i in range(6)])
    pages = []
    for page in browser.list_prefix(bucket, "", page_size=2, cancelled=lambda: len(pages) >= 1):
        pages.append(page)
    assert len(pages) == 1 and not pages[0].is_last


def test_listing_a_missing_bucket_is_explained(browser):
    with pytest.raises(S3Error) as caught:
        list(browser.list_prefix("no-such-bucket-here"))
    assert caught.value.code == "no_such_bucket"
    assert caught.value.original_code == "NoSuchBucket"
    assert "no-such-bucket-here" in caught.value.message


def test_the_sandbox_bucket_lists_with_guest_credentials(sandbox):
    sandbox_profile = sandbox.profile()
    browser = S3Browser.for_profile(sandbox_profile,
                                    creds.CredentialsManager(sandbox_profile, "guest"))
    page = browser.list_all(sandbox.bucket)
    assert page.objects and page.folders


def test_download_writes_the_files_and_reports_progress(browser, bucket, s3_admin, tmp_path):
    body = os.urandom(300_000)
    _put(s3_admin, bucket, ["folder/data.bin"], body)
    _put(s3_admin, bucket, ["folder/small.txt"], b"small")
    listed = {o.key: o for o in browser.list_all(bucket, "folder/").objects}
    reports: list[tuple[int, int]] = []
    written = browser.download(bucket, ["folder/data.bin", listed["folder/small.txt"]],
                               tmp_path, progress=lambda d, t: reports.append((d, t)))
    assert written == [tmp_path / "data.bin", tmp_path / "small.txt"]
    assert (tmp_path / "data.bin").read_bytes() == body
    assert (tmp_path / "small.txt").read_bytes() == b"small"
    total = len(body) + 5
    assert reports[-1] == (total, total)
    assert all(t == total for _, t in reports)
    assert [d for d, _ in reports] == sorted(d for d, _ in reports)  # never goes backwards
    assert sorted(tmp_path.iterdir()) == written  # no temporary file left


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_a_downloaded_file_gets_the_umask_mode_not_the_temporary_files(
    browser, bucket, s3_admin, tmp_path, umask
):
    """mkstemp makes 0o600 files; a download should look like any file the user saves."""
    from tokenexplorer.aws.s3 import new_file_mode

    _put(s3_admin, bucket, ["report.csv"], b"a,b\n")
    old = os.umask(umask)
    try:
        assert new_file_mode() == 0o666 & ~umask
        [path] = browser.download(bucket, ["report.csv"], tmp_path)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # 0o644 / 0o640, not 0o600
    assert path.read_bytes() == b"a,b\n"


def _slow(profile, fault_proxy, config):
    """A browser whose every request takes 0.2 s more, so a transfer can be caught midway."""
    fault_proxy.delay = 0.2
    proxied = profile.__class__(**{**profile.to_json(), "endpoint_url": fault_proxy.url})
    return S3Browser.for_profile(proxied, creds.CredentialsManager(proxied, "guest"),
                                 transfer_config=config)


def test_interrupted_download_leaves_no_file(profile, bucket, s3_admin, tmp_path, fault_proxy):
    from boto3.s3.transfer import TransferConfig

    body = os.urandom(12 * MiB)
    _put(s3_admin, bucket, ["big.bin"], body)
    small_parts = TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB,
                                 max_concurrency=1)
    browser = _slow(profile, fault_proxy, small_parts)
    state = {"cancel": False}

    def progress(done: int, total: int) -> None:
        if done > 0:
            state["cancel"] = True  # cancel as soon as the first bytes arrived

    with pytest.raises(Cancelled):
        browser.download(bucket, ["big.bin"], tmp_path, progress=progress,
                         cancelled=lambda: state["cancel"])
    assert state["cancel"]
    assert list(tmp_path.iterdir()) == []  # neither big.bin nor a temporary file
    ranged_gets = [seen for seen in fault_proxy.seen if seen.method == "GET"]
    assert len(ranged_gets) < 3  # it really stopped before the third of three parts


def test_failed_download_of_a_missing_key_leaves_no_file(browser, bucket, tmp_path):
    missing = S3Object("gone.bin", 10, datetime.now(UTC), '"x"', "STANDARD")
    with pytest.raises(S3Error) as caught:
        browser.download(bucket, [missing], tmp_path)
    assert caught.value.code == "no_such_key"
    assert list(tmp_path.iterdir()) == []


def test_multipart_upload_with_progress(profile, manager, bucket, s3_admin, tmp_path):
    from boto3.s3.transfer import TransferConfig

    source = tmp_path / "six.bin"
    source.write_bytes(os.urandom(6 * MiB))
    config = TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB)
    browser = S3Browser.for_profile(profile, manager, transfer_config=config)
    reports: list[tuple[int, int]] = []
    keys = browser.upload(bucket, "up", [source], progress=lambda d, t: reports.append((d, t)))
    assert keys == ["up/six.bin"]
    assert reports[-1] == (6 * MiB, 6 * MiB)
    head = s3_admin.head_object(Bucket=bucket, Key="up/six.bin")
    assert head["ContentLength"] == 6 * MiB
    assert head["ETag"].strip('"').endswith("-2")  # 5 MiB + 1 MiB parts
    stored = s3_admin.get_object(Bucket=bucket, Key="up/six.bin")["Body"].read()
    assert hashlib.sha256(stored).digest() == hashlib.sha256(source.read_bytes()).digest()
    listed = browser.list_all(bucket, "up/").objects
    assert listed[0].multipart_parts == 2


def test_cancelled_upload_leaves_no_object(profile, bucket, s3_admin, tmp_path, fault_proxy):
    from boto3.s3.transfer import TransferConfig

    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(12 * MiB))
    config = TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB,
                            max_concurrency=1)
    browser = _slow(profile, fault_proxy, config)
    state = {"cancel": False}

    def progress(done: int, total: int) -> None:
        state["cancel"] = state["cancel"] or done > 0

    with pytest.raises(Cancelled):
        browser.upload(bucket, "", [source], progress=progress, cancelled=lambda: state["cancel"])
    assert "Contents" not in s3_admin.list_objects_v2(Bucket=bucket)
    assert s3_admin.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    assert any(seen.method == "DELETE" for seen in fault_proxy.seen)  # AbortMultipartUpload


def test_upload_a_folder_recursively(browser, bucket, tmp_path):
    (tmp_path / "site" / "css").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text("<h1>hi</h1>")
    (tmp_path / "site" / "css" / "a.css").write_text("a{}")
    keys = browser.upload(bucket, "web/", [tmp_path / "site"])
    assert sorted(keys) == ["web/site/css/a.css", "web/site/index.html"]


def test_delete_and_create_folder(browser, bucket, s3_admin):
    _put(s3_admin, bucket, ["a.txt", "b.txt", "keep.txt"])
    result = browser.delete(bucket, ["a.txt", "b.txt"])
    assert sorted(result.deleted) == ["a.txt", "b.txt"] and not result.failed
    assert browser.create_folder(bucket, "new folder") == "new folder/"
    page = browser.list_all(bucket)
    assert [o.key for o in page.objects] == ["keep.txt"]
    assert page.folders == ["new folder/"]


def test_delete_prefix_deletes_a_folder_page_by_page(profile, bucket, s3_admin, fault_proxy):
    inside = ["photos/", "photos/a.jpg", "photos/b.jpg", "photos/2024/c.jpg",
              "photos/2024/deep/d.jpg"]
    _put(s3_admin, bucket, [*inside, "photos.txt", "photosynthesis/e.txt", "other/f.txt"])
    proxied = profile.__class__(**{**profile.to_json(), "endpoint_url": fault_proxy.url})
    browser = S3Browser.for_profile(proxied, creds.CredentialsManager(proxied, "guest"))
    reports: list[tuple[int, int]] = []
    result = browser.delete_prefix(bucket, "photos", progress=lambda d, t: reports.append((d, t)),
                                   page_size=2)
    assert sorted(result.deleted) == sorted(inside) and not result.failed
    left = [o["Key"] for o in s3_admin.list_objects_v2(Bucket=bucket)["Contents"]]
    assert sorted(left) == ["other/f.txt", "photos.txt", "photosynthesis/e.txt"]
    # Five keys in pages of two: three listings, each followed by one DeleteObjects.
    deletes = [s for s in fault_proxy.seen if s.method == "POST" and "delete" in s.path]
    lists = [s for s in fault_proxy.seen if s.method == "GET" and "list-type=2" in s.path]
    assert len(lists) == 3 and len(deletes) == 3
    assert reports == [(2, 2), (4, 4), (5, 5)]


def test_delete_prefix_refuses_the_root_and_stops_when_cancelled(browser, bucket, s3_admin):
    _put(s3_admin, bucket, ["keep/a.txt", "keep/b.txt", "keep/c.txt"])
    with pytest.raises(S3Error) as caught:
        browser.delete_prefix(bucket, "")
    assert caught.value.code == "bad_key"
    reports: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        browser.delete_prefix(bucket, "keep/", progress=lambda d, t: reports.append((d, t)),
                              cancelled=lambda: bool(reports), page_size=2)
    assert reports == [(2, 2)]  # one page went, then it stopped
    left = [o["Key"] for o in s3_admin.list_objects_v2(Bucket=bucket)["Contents"]]
    assert left == ["keep/c.txt"]


def test_presigned_url_is_fetchable_with_plain_http(browser, bucket, s3_admin, manager):
    _put(s3_admin, bucket, ["share/hello.txt"], b"hello, presigned world")
    signed = browser.presigned_get_url(bucket, "share/hello.txt", expires_in=600)
    assert "X-Amz-Signature=" in signed.url and "X-Amz-Expires=600" in signed.url
    with urllib.request.urlopen(signed.url, timeout=10) as response:
        assert response.read() == b"hello, presigned world"
    held = manager.credentials
    assert held is not None and signed.note is None  # the engine's credentials live 1 h
    # A URL meant to outlive the credentials (2 h against 1 h): the user is told.
    longer = browser.presigned_get_url(bucket, "share/hello.txt", expires_in=2 * 3600)
    assert longer.note and "expire" in longer.note
    with pytest.raises(S3Error):
        browser.presigned_get_url(bucket, "share/hello.txt", expires_in=8 * 24 * 3600)


def test_endpoint_down_is_explained(manager):
    browser = S3Browser(creds.StaticCredentials(manager.aws_credentials()), "us-east-1",
                        "http://127.0.0.1:9", connect_timeout=1)
    with pytest.raises(S3Error) as caught:
        list(browser.list_prefix("any"))
    assert caught.value.code == "EndpointDown"
    assert "127.0.0.1:9" in caught.value.message


# ---------------------------------------------------------------- faults S3 answers


def _s3(seen) -> bool:
    return seen.service == "s3"


def test_expired_token_renews_and_retries_once(
    profile, bucket, s3_admin, fault_proxy, s3_error_xml
):
    _put(s3_admin, bucket, ["one.txt"])
    proxied = profile.__class__(**{**profile.to_json(), "endpoint_url": fault_proxy.url})
    manager = creds.CredentialsManager(proxied, "guest")
    browser = S3Browser.for_profile(proxied, manager)
    manager.current()
    failures = {"left": 1}

    def expire_once(seen):
        if _s3(seen) and failures["left"]:
            failures["left"] -= 1
            return 400, {}, s3_error_xml("ExpiredToken", "The provided token has expired.")
        return None

    fault_proxy.rules.append(expire_once)
    page = browser.list_all(bucket)
    assert [o.key for o in page.objects] == ["one.txt"]
    assert manager.renewals == 2  # the first fetch, then the renewal after ExpiredToken


def test_expired_token_twice_is_explained(profile, bucket, fault_proxy, s3_error_xml):
    proxied = profile.__class__(**{**profile.to_json(), "endpoint_url": fault_proxy.url})
    browser = S3Browser.for_profile(proxied, creds.CredentialsManager(proxied, "guest"))
    fault_proxy.rules.append(
        lambda seen: (400, {}, s3_error_xml("ExpiredToken", "expired")) if _s3(seen) else None
    )
    with pytest.raises(S3Error) as caught:
        browser.list_all(bucket)
    assert caught.value.code == "expired_credentials"


def test_access_denied_names_the_action_and_the_role(profile, bucket, fault_proxy, s3_error_xml):
    proxied = profile.__class__(**{**profile.to_json(), "endpoint_url": fault_proxy.url})
    log = ActivityLog()
    browser = S3Browser.for_profile(proxied, creds.CredentialsManager(proxied, "guest"), log)
    fault_proxy.rules.append(
        lambda seen: (403, {}, s3_error_xml("AccessDenied", "Access Denied")) if _s3(seen)
        else None
    )
    with pytest.raises(S3Error) as caught:
        list(browser.list_prefix(bucket, "private/"))
    error = caught.value
    assert error.code == "access_denied" and error.original_code == "AccessDenied"
    assert error.action == "s3:ListBucket"
    assert f"arn:aws:s3:::{bucket}" in error.message
    assert "identity pool" in error.message and "guest identities" in error.message
    # The principal came from STS GetCallerIdentity with these credentials.
    assert "GetCallerIdentity" in [e.operation for e in log.entries()]
    assert "arn:aws:sts::" in error.message


def test_a_bucket_in_another_region_is_followed(profile, s3_admin, fault_proxy, s3_error_xml):
    s3_admin.create_bucket(Bucket="eu-bucket",
                           CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    _put(s3_admin, "eu-bucket", ["far.txt"])
    proxied = profile.__class__(**{**profile.to_json(), "endpoint_url": fault_proxy.url})
    browser = S3Browser.for_profile(proxied, creds.CredentialsManager(proxied, "guest"))

    def redirect(seen):
        if _s3(seen) and "/eu-bucket" in seen.path and seen.region != "eu-west-1":
            body = s3_error_xml("PermanentRedirect", "Use the right endpoint.",
                                Bucket="eu-bucket", Region="eu-west-1")
            return 301, {"x-amz-bucket-region": "eu-west-1"}, body
        return None

    fault_proxy.rules.append(redirect)
    page = browser.list_all("eu-bucket")
    assert [o.key for o in page.objects] == ["far.txt"]
    s3_regions = [s.region for s in fault_proxy.seen if _s3(s)]
    assert s3_regions[0] == "us-east-1" and s3_regions[-1] == "eu-west-1"


def test_a_slow_endpoint_is_a_timeout_not_a_hang(profile, bucket, fault_proxy):
    proxied = profile.__class__(**{**profile.to_json(), "endpoint_url": fault_proxy.url})
    manager = creds.CredentialsManager(proxied, "guest")
    manager.current()  # credentials first, at full speed
    browser = S3Browser.for_profile(proxied, manager, read_timeout=0.3)
    fault_proxy.delay = 1.0
    with pytest.raises(S3Error) as caught:
        list(browser.list_prefix(bucket))
    assert caught.value.code == "Timeout"
    assert "did not answer in time" in caught.value.message


def test_sandbox_sign_in_then_upload_and_download(sandbox, id_token, tmp_path):
    """The sandbox story: sign in → authenticated credentials → upload → download."""
    sandbox_profile = sandbox.profile()
    manager = creds.CredentialsManager(sandbox_profile, "authenticated", lambda: id_token)
    browser = S3Browser.for_profile(sandbox_profile, manager)
    note = tmp_path / "note.txt"
    note.write_text("written with authenticated credentials")
    assert browser.upload(sandbox.bucket, "uploads/", [note]) == ["uploads/note.txt"]
    out = tmp_path / "out"
    out.mkdir()
    browser.download(sandbox.bucket, ["uploads/note.txt"], out)
    assert (out / "note.txt").read_text() == "written with authenticated credentials"
    assert manager.credentials is not None and manager.credentials.kind == "authenticated"
