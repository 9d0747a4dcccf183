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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tokenexplorer import paths

COGNITO_ISS = re.compile(
    r"https://cognito-idp\.(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com/"
    r"(?P<pool>(?P=region)_[A-Za-z0-9]+)"
)
MAX_JWKS_BYTES = 1_000_000


class JwksError(Exception):
    """Fetching or reading a JWKS failed; the message is one line for people."""


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


def cognito_issuer(iss: Any) -> CognitoIssuer | None:
    """iss parsed as a Cognito user-pool issuer, or None when it is not exactly that form."""
    if not isinstance(iss, str):
        return None
    match = COGNITO_ISS.fullmatch(iss)
    if not match:
        return None
    return CognitoIssuer(match["region"], match["pool"], iss)


def cognito_jwks_url(iss: Any, endpoint_url: str | None = None) -> str | None:
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
        raise JwksError(f"refusing to fetch keys over plain http: {url} (https is required)")
    raise JwksError(f"not an https URL: {url}")


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


def _opener():
    """An opener that refuses redirects: a JWKS must come from the URL we chose."""
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            raise JwksError(f"the JWKS URL redirected (HTTP {code}); not followed")

    return urllib.request.build_opener(NoRedirect)


def fetch(url: str, timeout: float = 5.0, allow_http: bool = False) -> Jwks:
    """GET the JWKS (no redirects, size-limited), cache it, and return it; JwksError if not."""
    import http.client
    import urllib.error
    import urllib.request

    check_url(url, allow_http)
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "tokenexplorer"}
    )
    try:
        with _opener().open(request, timeout=timeout) as response:
            body = response.read(MAX_JWKS_BYTES + 1)
    except JwksError:
        raise
    except urllib.error.HTTPError as error:
        raise JwksError(f"fetching {url} failed: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise JwksError(f"fetching {url} failed: {error.reason}") from None
    except (OSError, ValueError, http.client.HTTPException) as error:  # timeouts, resets
        raise JwksError(f"fetching {url} failed: {error or type(error).__name__}") from None
    if len(body) > MAX_JWKS_BYTES:
        raise JwksError(f"{url} returned more than {MAX_JWKS_BYTES} bytes; not a JWKS")
    try:
        document = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        raise JwksError(f"{url} did not return JSON") from None
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise JwksError(f"{url} did not return a JWKS (no \"keys\" list)")
    jwks = Jwks(document, url, time.time(), from_cache=False)
    with contextlib.suppress(OSError):  # verifying still works; only the offline copy is lost
        write_cache(jwks)
    return jwks
