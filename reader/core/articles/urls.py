"""URLs compared as the same page: scheme and host case, `www.`, fragment, `utm_*`, a final `/`."""

from __future__ import annotations

import posixpath
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


def _untracked(query: str) -> str:
    return urlencode(
        [
            (key, value)
            for key, value in parse_qsl(query, keep_blank_values=True)
            if not key.lower().startswith(_TRACKING)
        ]
    )


def tidy_url(url: str) -> str:
    """A link as it is worth keeping: the same page, without its fragment or tracking
    parameters (`…/a?utm_source=feed#top` is `…/a`)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https"):
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path, _untracked(parts.query), ""))


def normalized_url(url: str) -> str:
    """The form two links to one page share (`HTTPS://www.X.org/a/?utm_source=y#top` is
    `https://x.org/a`); what is not a web URL is returned stripped."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:  # out of range: compared as written
        return url
    if port is not None and port not in (80, 443):
        host = f"{host}:{port}"
    # `/a/./b` and `/a/x/../b` are `/a/b`, as a browser asks for them.
    path = posixpath.normpath(parts.path) if parts.path else ""
    path = "" if path in (".", "/") else path.rstrip("/")
    return urlunsplit(("https", host, path, _untracked(parts.query), ""))
