"""Fetching one web page: the page itself and nothing it links to, within a time and size
limit, redirects followed and remembered, the user's proxy honoured; every failure one line."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from reader import __version__

TIMEOUT_SECONDS = 20.0
MAX_PAGE_BYTES = 16 * 1024 * 1024
"""Pages larger than this are refused (a long article's HTML is well under 2 MiB)."""
MAX_REDIRECTS = 10
USER_AGENT = f"reader/{__version__} (a terminal reader that saves articles to read offline)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
_REASONS = {
    401: "asks for a login",
    403: "refuses access (403 Forbidden)",
    404: "is not there (404 Not Found)",
    410: "is gone (410 Gone)",
    429: "asks to slow down (429 Too Many Requests); try again later",
    451: "is unavailable for legal reasons (451)",
}


class FetchError(Exception):
    """A page that could not be fetched: the message says why, in one line."""


@dataclass(frozen=True)
class FetchedPage:
    """A page as fetched: where it was asked for and where it ended, and its bytes."""

    url: str
    final_url: str
    redirects: tuple[str, ...]
    """Every address the request was sent on to, in order (the last is `final_url`)."""
    status: int
    content_type: str
    body: bytes


def _size(count: int) -> str:
    return f"{count // 1048576} MiB" if count >= 1048576 else f"{count // 1024} kB"


def _media_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").split(";")[0].strip().casefold()


def _not_html(url: str, media: str) -> FetchError:
    if media == "application/pdf":
        return FetchError(f"{url}: is a PDF; reader cannot read PDFs yet")
    return FetchError(f"{url}: is {media or 'of no stated type'}, not a web page reader can read")


def _proxy_for(url: str, host: str) -> str:
    """The proxy the environment sends `url` through ("" for none, or `no_proxy`)."""
    import urllib.request

    scheme = url.split(":", 1)[0].casefold()
    proxies = urllib.request.getproxies_environment()
    proxy = proxies.get(scheme) or proxies.get("all", "")
    if proxy and urllib.request.proxy_bypass_environment(host, proxies):  # type: ignore[attr-defined]
        return ""
    return proxy


def _connect_problem(url: str, host: str, error: Exception) -> FetchError:
    proxy = _proxy_for(url, host)
    if proxy:
        shown = without_credentials(proxy)
        return FetchError(f"{url}: cannot reach the proxy {shown} (http_proxy/https_proxy)")
    words = str(error).casefold()
    if any(
        sign in words
        for sign in ("name or service not known", "nodename nor servname", "name resolution")
    ):
        return FetchError(f"{url}: cannot find the host {host} (DNS); check the address")
    if "refused" in words:
        return FetchError(f"{url}: {host} refused the connection")
    return FetchError(f"{url}: cannot reach {host} (is the network up?)")


def without_credentials(url: str) -> str:
    """An address without the user name and password it may carry (`http://me:pw@host/`):
    what is kept, shown and exported never holds them."""
    try:
        parts = urlsplit(url)
        if parts.username is None and parts.password is None:
            return url
        host = parts.hostname or ""
        netloc = f"[{host}]" if ":" in host else host
        if parts.port is not None:
            netloc += f":{parts.port}"
    except ValueError:
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def checked_address(url: str) -> str:
    """`url` if it is an address reader can fetch; else FetchError saying what is wrong."""
    import httpx

    given = url.strip()
    scheme = given.split("://", 1)[0].casefold() if "://" in given else ""
    if scheme not in ("http", "https"):
        raise FetchError(
            f"{given}: only http:// and https:// addresses can be fetched"
            if scheme
            else f"{given}: not a web address (give one starting with http:// or https://)"
        )
    try:
        parsed = httpx.URL(given)
        parts = urlsplit(given)
        parts.port  # noqa: B018 (a port out of range raises here)
    except (httpx.InvalidURL, ValueError) as error:
        raise FetchError(f"{given}: not a valid address ({error})") from None
    if not parsed.host:
        raise FetchError(f"{given}: not a valid address (it names no host)")
    return given


def fetch_page(
    url: str,
    timeout: float = TIMEOUT_SECONDS,
    max_bytes: int = MAX_PAGE_BYTES,
    transport: Any = None,
) -> FetchedPage:
    """Fetch `url` (http or https) and return its bytes once all of them have come: a page
    that fails, is not HTML, grows past `max_bytes` or takes longer than `timeout` in all
    raises FetchError and leaves nothing. `http_proxy`, `https_proxy` and `no_proxy` are
    honoured."""
    import httpx

    url = checked_address(url)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9"}
    host = httpx.URL(url).host
    deadline = time.monotonic() + timeout
    # Each wait (connecting, each read) is a part of the whole: a server that trickles one
    # byte at a time is cut off at the deadline, not only one that goes silent.
    step = httpx.Timeout(timeout / 2)
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=step,
                headers=headers,
                transport=transport,
            ) as client,
            client.stream("GET", url) as response,
        ):
            final = without_credentials(str(response.url))
            steps = [without_credentials(str(item.url)) for item in response.history[1:]]
            redirects = (*steps, final) if response.history else ()
            if response.status_code >= 400:
                reason = _REASONS.get(response.status_code) or (
                    f"answered {response.status_code} {response.reason_phrase}".rstrip()
                )
                raise FetchError(f"{final}: {reason}")
            if 300 <= response.status_code < 400:
                raise FetchError(f"{final}: redirects ({response.status_code}) to no address")
            media = _media_type(response.headers)
            if media and media not in HTML_TYPES:
                raise _not_html(final, media)
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"{final}: is over {_size(max_bytes)}; not saved")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{final}: is over {_size(max_bytes)}; not saved")
                if time.monotonic() > deadline:
                    raise FetchError(f"{final}: took longer than {timeout:g} s; not saved")
                chunks.append(chunk)
            return FetchedPage(
                without_credentials(url),
                final,
                redirects,
                response.status_code,
                media or "text/html",
                b"".join(chunks),
            )
    except httpx.TimeoutException:
        raise FetchError(f"{url}: timed out (no answer for {step.read:g} s)") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"{url}: redirects more than {MAX_REDIRECTS} times") from None
    except httpx.ConnectError as error:
        raise _connect_problem(url, host, error) from None
    except httpx.ProxyError as error:
        raise FetchError(f"{url}: the proxy refused or failed ({error})") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        raise FetchError(f"{url}: redirected to an address reader cannot fetch ({error})") from None
    except httpx.HTTPError as error:
        raise FetchError(f"{url}: the download failed ({error})") from None
