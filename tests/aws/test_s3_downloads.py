"""Downloads against moto over HTTP: path traversal through hostile keys (single files and
folders), silent overwrites, the default folder, and symbolic-link escapes on upload."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tokenexplorer.aws import credentials as creds
from tokenexplorer.aws import downloads
from tokenexplorer.aws.downloads import Choice
from tokenexplorer.aws.s3 import S3Browser
from tokenexplorer.aws.s3_errors import S3Error

HOSTILE_KEYS = [
    "..\\..\\escape-backslash.txt",
    "C:\\Windows\\System32\\drive.dll",
    "\\\\host\\share\\unc.exe",
    "CON.txt",
    "nul",
    "invoice\u202etxt.exe",
    "bell\x07\x1b]52;c;Zm9v\x07.txt",
    "trailing. . ",
    "a" * 300 + ".txt",
]


@pytest.fixture
def browser(guest_profile):
    return S3Browser.for_profile(guest_profile, creds.CredentialsManager(guest_profile, "guest"))


@pytest.fixture
def bucket(s3_admin):
    s3_admin.create_bucket(Bucket="downloads-test")
    return "downloads-test"


def put(s3_admin, bucket: str, keys: list[str], body: bytes = b"from s3") -> None:
    for key in keys:
        s3_admin.put_object(Bucket=bucket, Key=key, Body=body)


def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def assert_inside(paths: list[Path], folder: Path) -> None:
    base = folder.resolve()
    for path in paths:
        assert Path(os.path.realpath(path)).is_relative_to(base), path


def test_path_traversal_single_file_downloads_stay_in_the_folder(browser, bucket, s3_admin,
                                                                 tmp_path):
    put(s3_admin, bucket, HOSTILE_KEYS)
    dest = tmp_path / "dest"
    dest.mkdir()
    written = browser.download(bucket, HOSTILE_KEYS, dest)
    assert len(written) == len(HOSTILE_KEYS)
    assert_inside(written, dest)
    assert all_files(tmp_path) == sorted(written)  # nothing anywhere else, no temp files
    names = {p.name for p in written}
    assert "_CON.txt" in names and "_nul" in names and "trailing" in names
    assert "invoice_txt.exe" in names
    assert all(len(n.encode()) <= 255 for n in names)


def test_path_traversal_folder_download_keeps_structure_inside(browser, bucket, s3_admin,
                                                              tmp_path):
    keys = ["docs/readme.txt", "docs/sub/deep.txt", "docs/../../../outside.txt",
            "docs/..\\..\\win.txt", "docs/C:\\x.txt", "docs/sub/", "docs//double.txt"]
    put(s3_admin, bucket, keys)
    objects = browser.list_tree(bucket, "docs/")
    assert {o.key for o in objects} == set(keys)  # moto stores the keys as sent
    dest = tmp_path / "dest"
    dest.mkdir()
    plan = downloads.resolve(downloads.plan_tree(objects, "docs/", dest), None)
    written = browser.download_planned(bucket, plan, dest)
    assert_inside(written, dest)
    assert all_files(tmp_path) == sorted(written)
    relative = {p.relative_to(dest.resolve()).as_posix() for p in written}
    assert {"docs/readme.txt", "docs/sub/deep.txt", "docs/double.txt"} <= relative
    assert "docs/unnamed/unnamed/unnamed/outside.txt" in relative
    assert "docs/.._.._win.txt" in relative and "docs/C__x.txt" in relative


def test_path_traversal_through_a_link_inside_the_folder_is_refused(browser, bucket, s3_admin,
                                                                   tmp_path):
    put(s3_admin, bucket, ["docs/secret/a.txt"])
    outside = tmp_path / "outside"
    outside.mkdir()
    dest = tmp_path / "dest"
    (dest / "docs").mkdir(parents=True)
    (dest / "docs" / "secret").symlink_to(outside)
    with pytest.raises(S3Error) as caught:
        downloads.plan_tree(browser.list_tree(bucket, "docs/"), "docs/", dest)
    assert caught.value.code == "unsafe_name"
    assert list(outside.iterdir()) == []


def test_silent_overwrite_is_refused_without_a_choice(browser, bucket, s3_admin, tmp_path):
    put(s3_admin, bucket, ["report.csv"])
    (tmp_path / "report.csv").write_bytes(b"mine")
    with pytest.raises(S3Error) as caught:
        browser.download(bucket, ["report.csv"], tmp_path)
    assert caught.value.code == "exists"
    assert (tmp_path / "report.csv").read_bytes() == b"mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


@pytest.mark.parametrize(("choice", "files"), [
    (Choice.REPLACE, {"report.csv": b"from s3", "report (1).csv": b"from s3"}),
    (Choice.SKIP, {"report.csv": b"mine"}),
    (Choice.KEEP_BOTH, {"report.csv": b"mine", "report (1).csv": b"from s3",
                        "report (2).csv": b"from s3"}),
])
def test_silent_overwrite_only_as_the_user_chose(browser, bucket, s3_admin, tmp_path,
                                                 choice, files):
    put(s3_admin, bucket, ["report.csv", "other/report.csv"])
    (tmp_path / "report.csv").write_bytes(b"mine")
    asked = []

    def decide(item):
        asked.append(item.key)
        return choice

    browser.download(bucket, ["report.csv", "other/report.csv"], tmp_path, conflict=decide)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == files
    # Each name taken on disk is a question; the second key of one name never replaces
    # the first one's file.
    assert asked == ["report.csv", "other/report.csv"]


def test_silent_overwrite_of_a_file_that_appeared_during_the_download(browser, bucket,
                                                                     s3_admin, tmp_path):
    put(s3_admin, bucket, ["late.txt"])
    plan = downloads.resolve(downloads.plan_files(browser.list_all(bucket).objects, tmp_path),
                             None)
    (tmp_path / "late.txt").write_bytes(b"appeared meanwhile")
    with pytest.raises(S3Error) as caught:
        browser.download_planned(bucket, plan, tmp_path)
    assert caught.value.code == "exists"
    assert (tmp_path / "late.txt").read_bytes() == b"appeared meanwhile"
    assert [p.name for p in tmp_path.iterdir()] == ["late.txt"]  # temp file gone too


def test_keep_both_names_count_up_and_keep_the_extension(tmp_path):
    (tmp_path / "a.tar.gz").write_bytes(b"")
    (tmp_path / "a (1).tar.gz").write_bytes(b"")
    assert downloads.keep_both_name(tmp_path / "a.tar.gz").name == "a (2).tar.gz"
    assert downloads.keep_both_name(tmp_path / "README").name == "README (1)"
    long = downloads.keep_both_name(tmp_path / ("x" * 251 + ".txt"))
    assert long.name.endswith(" (1).txt") and len(long.name.encode()) <= 255


def test_default_download_folder_is_never_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "nothing"))
    folder = downloads.default_download_folder([str(home), None, str(home / "missing")])
    assert folder != home and folder.parent == home and folder.is_dir()
    real = home / "Downloads"
    real.mkdir()
    assert downloads.default_download_folder([str(real)]) == real


def test_symlink_escape_folder_upload_skips_links_out_of_the_folder(browser, bucket, s3_admin,
                                                                   tmp_path):
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "id_rsa").write_text("private")
    site = tmp_path / "site"
    (site / "css").mkdir(parents=True)
    (site / "index.html").write_text("hi")
    (site / "css" / "a.css").write_text("a{}")
    (site / "key").symlink_to(secrets / "id_rsa")
    (site / "all-secrets").symlink_to(secrets)
    (site / "loop").symlink_to(site)
    (site / "same.css").symlink_to(site / "css" / "a.css")
    (site / "dangling").symlink_to(tmp_path / "gone")
    skipped: list[Path] = []
    keys = browser.upload(bucket, "web/", [site], skipped_links=skipped)
    assert sorted(keys) == ["web/site/css/a.css", "web/site/index.html", "web/site/same.css"]
    assert sorted(p.name for p in skipped) == ["all-secrets", "dangling", "key", "loop"]
    listed = [o["Key"] for o in s3_admin.list_objects_v2(Bucket=bucket)["Contents"]]
    assert not any("secret" in k or "key" in k for k in listed)


def test_symlink_escape_followed_only_when_chosen(browser, bucket, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "shared.txt").write_text("shared")
    site = tmp_path / "site"
    site.mkdir()
    (site / "linked").symlink_to(outside)
    (site / "loop").symlink_to(site)
    keys = browser.upload(bucket, "", [site], follow_links=True)
    assert sorted(keys) == ["site/linked/shared.txt"]  # the loop is walked once, not forever


def test_symlink_escape_a_file_swapped_for_a_link_after_planning_is_refused(tmp_path):
    """The upload reads each planned file through one handle opened without following a
    link: a file replaced by a link to a secret between planning and upload is refused."""
    from tokenexplorer.aws.upload_walk import open_planned, plan_upload

    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "cat.jpg").write_bytes(b"cat")
    secret = tmp_path / "id_rsa"
    secret.write_bytes(b"PRIVATE")
    (path, key), = plan_upload("up/", [folder]).files
    assert key == "up/photos/cat.jpg"
    with open_planned(path, follow_links=False) as handle:
        assert handle.read() == b"cat"
    path.unlink()
    path.symlink_to(secret)
    with pytest.raises(OSError):
        open_planned(path, follow_links=False)
    with open_planned(path, follow_links=True) as handle:  # the user chose to follow links
        assert handle.read() == b"PRIVATE"
