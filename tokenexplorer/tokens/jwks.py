"""The Cognito JWKS: where it is, fetching it (HTTPS, timeout) and the on-disk cache.

The URL is derived from iss only when iss has Cognito's exact form, so a token cannot make
us fetch from a host of its choosing. With an emulator endpoint override (moto), the JWKS is
at {endpoint}/{pool}/.well-known/jwks.json while iss keeps its AWS form. Uses urllib only.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tokenexplorer import paths

COGNITO_ISS = re.compile(
    r"https://cognito-idp\.(?P<region>[a-z]{2}(?:-[a-z]+)+-[0-9]+)\.amazonaws\.com/"
    r"(?P<pool>(?P=region)_[A-Za-z0-9]+)", re.ASCII
)
MAX_JWKS_BYTES = 1_000_000


class JwksError(Exception):
    """Fetching or reading a JWKS failed; the message is one line for people.

    `detail` is the problem without the URL (for a reason shown next to the key source, which
    names the URL already); `outcome` is the short word the activity log shows."""

    def __init__(self, message: str, detail: str | None = None, outcome: str = "error") -> None:
        super().__init__(message)
        self.detail = detail or message
        self.outcome = outcome


@dataclass(frozen=True)
class FetchRecord:
    """One HTTP GET of a JWKS, for the activity log: no token text, only what was fetched."""

    url: str
    duration_ms: float
    outcome: str  # "success", "HTTP 404", "URLError: …", "not a JWKS", …
    size: int  # bytes received (0 when nothing came)
    kids: tuple[str, ...] = ()


FetchObserver = Callable[[FetchRecord], None]


@dataclass(frozen=True)
class CognitoIssuer:
    region: str
    pool_id: str
    iss: str


@dataclass(frozen=True)
class Jwks:
    document: dict[str, Any]
    url: str
    fetched_at: float
    from_cache: bool

    def describe(self, what: str) -> str:
        when = datetime.fromtimestamp(self.fetched_at, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        how = "from cache fetched at" if self.from_cache else "fetched at"
        return f"{what} ({self.url}), {how} {when}"

    def kids(self) -> set[str]:
        keys = self.document.get("keys")
        if not isinstance(keys, list):
            return set()
        return {k["kid"] for k in keys if isinstance(k, dict) and isinstance(k.get("kid"), str)}


def cognito_issuer(iss: object) -> CognitoIssuer | None:
    """iss parsed as a Cognito user-pool issuer, or None when it is not exactly that form."""
    if not isinstance(iss, str):
        return None
    match = COGNITO_ISS.fullmatch(iss)
    if not match:
        return None
    return CognitoIssuer(match["region"], match["pool"], iss)


def cognito_jwks_url(iss: object, endpoint_url: str | None = None) -> str | None:
    """The JWKS URL for a Cognito iss (at the emulator endpoint when one is configured)."""
    issuer = cognito_issuer(iss)
    if issuer is None:
        return None
    if endpoint_url:
        return f"{endpoint_url.rstrip('/')}/{issuer.pool_id}/.well-known/jwks.json"
    return f"{issuer.iss}/.well-known/jwks.json"


def check_url(url: str, allow_http: bool) -> None:
    """Only https (or http when explicitly allowed for tests/emulators)."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "https" or (scheme == "http" and allow_http):
        return
    if scheme == "http":
        raise JwksError(f"refusing to fetch keys over plain http: {url} (https is required)",
                        "refused: plain http (https is required)", "refused")
    raise JwksError(f"not an https URL: {url}", "refused: not an https URL", "refused")


def _cache_path(url: str) -> Path:
    import hashlib  # only when a JWKS is actually needed

    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]
    return paths.cache_dir() / "jwks" / f"{digest}.json"


def read_cache(url: str) -> Jwks | None:
    """The cached JWKS for url, or None (a damaged cache file counts as none)."""
    try:
        entry = json.loads(_cache_path(url).read_text(encoding="utf-8"))
        if entry.get("url") != url or not isinstance(entry.get("jwks"), dict):
            return None
        return Jwks(entry["jwks"], url, float(entry["fetched_at"]), from_cache=True)
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return None


def write_cache(jwks: Jwks) -> None:
    from tokenexplorer.atomic import write_text_atomic  # tempfile: only when writing

    entry = {"url": jwks.url, "fetched_at": jwks.fetched_at, "jwks": jwks.document}
    write_text_atomic(_cache_path(jwks.url), json.dumps(entry), mode=0o644)


def _no_redirects() -> list:
    """A handler that refuses redirects: a JWKS must come from the URL we chose."""
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            raise JwksError(f"the JWKS URL redirected (HTTP {code}); not followed",
                            f"it redirected (HTTP {code}); not followed", f"HTTP {code}")

    return [NoRedirect()]


def fetch(url: str, timeout: float = 5.0, allow_http: bool = False,
          observer: FetchObserver | None = None) -> Jwks:
    """GET the JWKS (no redirects, size-limited), cache it, and return it; JwksError if not.

    `observer` (the activity log) hears of every GET that was sent, whatever its outcome."""
    check_url(url, allow_http)
    started = time.perf_counter()
    body = b""
    try:
        body = _get(url, timeout)
        jwks = _parse(url, body)
    except JwksError as error:
        _tell(observer, url, started, error.outcome, len(body))
        raise
    _tell(observer, url, started, "success", len(body), tuple(sorted(jwks.kids())))
    with contextlib.suppress(OSError):  # verifying still works; only the offline copy is lost
        write_cache(jwks)
    return jwks


def _tell(observer: FetchObserver | None, url: str, started: float, outcome: str, size: int,
          kids: tuple[str, ...] = ()) -> None:
    if observer is None:
        return
    duration = round((time.perf_counter() - started) * 1000, 1)
    with contextlib.suppress(Exception):  # a failing observer must not break verification
        observer(FetchRecord(url, duration, outcome, size, kids))


def _get(url: str, timeout: float) -> bytes:
    import http.client
    import urllib.error
    import urllib.request

    from tokenexplorer import net_errors
    from tokenexplorer.deadline import DeadlineExceeded, http_get

    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "tokenexplorer"}
    )
    try:
        body = http_get(request, seconds=timeout, max_bytes=MAX_JWKS_BYTES + 1,
                        handlers=_no_redirects())  # one total deadline, not per read
    except JwksError:
        raise
    except DeadlineExceeded as error:  # a slow drip: say the total deadline, not "timed out"
        raise JwksError(f"fetching {url} failed: {error}", str(error), "timeout") from None
    except urllib.error.HTTPError as error:
        detail = f"HTTP {error.code} {error.reason}"
        raise JwksError(f"fetching {url} failed: {detail}", detail, f"HTTP {error.code}") \
            from None
    except (OSError, ValueError, http.client.HTTPException) as error:  # URLError, timeouts
        problem = net_errors.describe(error, url)  # plain words, never "[Errno -2]"
        detail = problem.words if problem else f"the request failed ({type(error).__name__})"
        raise JwksError(f"fetching {url} failed: {detail}", detail,
                        problem.outcome if problem else type(error).__name__) from None
    if len(body) > MAX_JWKS_BYTES:
        raise JwksError(f"{url} returned more than {MAX_JWKS_BYTES} bytes; not a JWKS",
                        f"it returned more than {MAX_JWKS_BYTES} bytes; not a JWKS", "too large")
    return body


def _parse(url: str, body: bytes) -> Jwks:
    try:
        document = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        raise JwksError(f"{url} did not return JSON", "it did not return JSON",
                        "not JSON") from None
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise JwksError(f"{url} did not return a JWKS (no \"keys\" list)",
                        "it did not return a JWKS (no \"keys\" list)", "not a JWKS")
    return Jwks(document, url, time.time(), from_cache=False)
