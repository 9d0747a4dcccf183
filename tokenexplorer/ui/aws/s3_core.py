"""The S3 tab's link to the core browser: built on first use, on a worker."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityLog
    from tokenexplorer.aws.s3 import S3Browser
    from tokenexplorer.aws.s3_types import CredentialsSource
    from tokenexplorer.cognito.profiles import Profile

class BrowserHandle:
    """The core browser for one profile and credentials source, built on first use on the
    worker that needs it: importing boto3 and its transfer manager takes a noticeable
    moment that the GUI thread must not spend. Workers call `get()`."""

    def __init__(self, factory: Callable[[], S3Browser]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._browser: S3Browser | None = None

    def get(self) -> S3Browser:
        with self._lock:
            if self._browser is None:
                self._browser = self._factory()
            return self._browser


class CoreBrowsers:
    """One BrowserHandle per (profile, credentials source), kept while both stay the same;
    used on the GUI thread only."""

    def __init__(self) -> None:
        self._handle: BrowserHandle | None = None
        self._key: tuple[int, int] | None = None

    def handle_for(self, profile: Profile, source: CredentialsSource,
                   activity: ActivityLog) -> BrowserHandle:
        key = (id(profile), id(source))
        if self._handle is None or self._key != key:
            def build() -> S3Browser:
                from tokenexplorer.aws.s3 import S3Browser

                return S3Browser.for_profile(profile, source, activity)

            self._handle = BrowserHandle(build)
            self._key = key
        return self._handle

    def forget(self) -> None:
        """Another profile: the next request builds a new browser."""
        self._handle = None
        self._key = None
