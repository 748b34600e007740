"""URLs compared as the same page: scheme and host case, `www.`, fragment, `utm_*`, a final `/`."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


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
    if parts.port is not None and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith(_TRACKING)
        ]
    )
    path = parts.path.rstrip("/")
    return urlunsplit(("https", host, path, query, ""))
