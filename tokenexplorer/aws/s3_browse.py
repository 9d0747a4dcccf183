"""Where the S3 tab is in a bucket, which listing is the current one, and what it says.

The tab lists one prefix at a time, page by page on a worker. Pages of a listing the user
has left (another folder, a refresh, Cancel, another profile) must never reach the table:
each listing gets a number and only the latest one counts. This object holds that policy
and the navigation rules (typed prefixes, Up, when to list on opening) without Qt, so the
panel only renders what it decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from tokenexplorer.aws.s3_types import folder_prefix, parent_prefix

PAGE_SIZE = 1000  # keys per ListObjectsV2 page (S3's maximum)
# The sandbox's guests may list only public/ (its bucket root is AccessDenied to them; a
# signed-in identity adds private/<identity-id>/), so its bucket opens there.
SANDBOX_START_PREFIX = "public/"


def plural(count: int, word: str) -> str:
    """`1 folder`, `2 folders`, `20,000 objects`."""
    return f"{count:,} {word}{'s' * (count != 1)}"


@dataclass(frozen=True)
class Listing:
    """One listing the panel started: which, of what, in pages of how many keys."""

    number: int
    bucket: str
    prefix: str
    page_size: int


class BrowseState:
    """The bucket and prefix shown, the current listing's number and pages seen."""

    def __init__(self) -> None:
        self.bucket = ""
        self.prefix = ""
        self.pages = 0
        self.listed_once = False  # the profile's bucket is listed when the tab is first shown
        self.start_prefix = ""  # where that first listing goes
        self._number = 0

    def reset(self, bucket: str, *, sandbox: bool = False) -> None:
        """Another profile: its bucket, nothing listed yet; the first listing goes to the
        root, or for the sandbox to the one prefix its guests may list."""
        self.stop()
        self.bucket = bucket.strip()
        self.start_prefix = SANDBOX_START_PREFIX if sandbox else ""
        self.prefix = ""
        self.pages = 0
        self.listed_once = False

    def go_to(self, prefix: str) -> None:
        """Leave the current listing for `prefix` (as a folder: 'a/b' means 'a/b/')."""
        self.stop()
        self.listed_once = True
        self.prefix = folder_prefix(prefix)
        self.pages = 0

    def start(self, page_size: int = PAGE_SIZE) -> Listing:
        """A new listing of the bucket at the prefix; every earlier one is stale now."""
        self._number += 1
        return Listing(self._number, self.bucket, self.prefix, page_size)

    def stop(self) -> None:
        """No listing running is current any more (pages still in flight are dropped)."""
        self._number += 1

    def is_current(self, listing: Listing) -> bool:
        return listing.number == self._number

    def page_arrived(self, listing: Listing, number: int) -> bool:
        """Count a page of `listing`; False when it is stale (not to be shown)."""
        if not self.is_current(listing):
            return False
        self.pages = number
        return True

    def up(self) -> str | None:
        """The prefix Up goes to; None at the bucket root (nothing above)."""
        return parent_prefix(self.prefix) if self.prefix else None

    def typed(self, bucket: str, prefix: str, shown_prefix: str) -> str:
        """The prefix to list after the user typed in the fields: the prefix field shows
        the current prefix escaped, so unchanged it still means that prefix."""
        self.bucket = bucket.strip()
        typed = prefix.strip()
        return self.prefix if typed == shown_prefix.strip() else typed

    def wants_first_listing(self, can_sign: bool) -> bool:
        """Whether opening the tab lists the bucket: once per profile, when there is a
        bucket and credentials can be had without asking (`can_sign`)."""
        return not self.listed_once and bool(self.bucket) and can_sign

    def count_text(self, folders: int, objects: int) -> str:
        pages = f" in {plural(self.pages, 'page')}" if self.pages else ""
        return f"{plural(folders, 'folder')}, {plural(objects, 'object')}{pages}"


__all__ = ["PAGE_SIZE", "SANDBOX_START_PREFIX", "BrowseState", "Listing", "plural"]
