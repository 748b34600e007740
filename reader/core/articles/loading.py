"""Loading an article file of any supported format into an Article."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader.core.articles.cache import cached_parse, keep_parse
from reader.core.articles.formats import ParsedDocument
from reader.core.articles.model import ARTICLE_SUFFIXES, Article, ArticleError
from reader.core.articles.text import (
    MAX_ARTICLE_BYTES,
    UnreadableText,
    clean,
    decode_with_guess,
    strip_unsafe,
    valid_text,
)
from reader.core.articles.urls import tidy_url
from reader.core.files import FileTooLarge, NotRegularFile, read_regular_file


def load_article(path: Path | str) -> Article:
    """Read one article file, or raise ArticleError saying clearly why it cannot be read.

    Only a regular file is read (a FIFO or a device is refused at once, never waited on), and
    never more than the size limit.
    """
    path = Path(path)
    kind = ARTICLE_SUFFIXES.get(path.suffix.lower(), "text")
    if valid_text(str(path)) != str(path):
        raise ArticleError(
            path, "its name is not valid UTF-8, so it cannot be remembered: rename the file"
        )
    try:
        data = read_regular_file(path, MAX_ARTICLE_BYTES)
    except FileNotFoundError:
        raise ArticleError(path, "no such file") from None
    except PermissionError:
        raise ArticleError(path, "permission denied: cannot read this file") from None
    except NotRegularFile as error:
        raise ArticleError(path, f"is {error.kind}, not an article file") from None
    except FileTooLarge:
        raise ArticleError(path, "is over 64 MiB; articles that large are not opened") from None
    except OSError as error:
        raise ArticleError(path, f"cannot be read ({error.strerror or error})") from None
    return parse_article(data, kind, path)


def parse_article(data: bytes, kind: str, path: Path | None = None) -> Article:
    """Build an Article from a file's bytes read as `kind` ("text", "markdown" or "html")."""
    name = path if path is not None else Path("<article>")
    if not data:
        raise ArticleError(name, "the file is empty")
    kept = cached_parse(data, kind)
    if kept is None:
        parsed, guess = _parse(data, kind, name)
        keep_parse(data, kind, parsed, guess)
    else:
        parsed, guess = kept
    if not parsed.text.strip():
        raise ArticleError(name, "the file is empty: it has no readable text")
    return _finish(parsed, guess, kind, path)


def _parse(data: bytes, kind: str, name: Path) -> tuple[ParsedDocument, str]:
    """Decode, clean and parse the bytes as `kind`; with how they were decoded."""
    try:
        decoded, guess = decode_with_guess(data)
        raw = clean(decoded)
    except UnreadableText as error:
        raise ArticleError(name, f"cannot be opened: {error}") from None
    if kind == "markdown":
        from reader.core.articles.formats.markdown import FrontMatterError, parse_markdown

        try:
            parsed = parse_markdown(raw)
        except FrontMatterError as error:
            raise ArticleError(name, str(error)) from None
    elif kind == "html":
        from reader.core.articles.formats.html import parse_html

        parsed = parse_html(raw)
    else:
        from reader.core.articles.formats.plain import parse_plain

        parsed = parse_plain(raw)
    return parsed, guess


SAVED_PAGE = "page.html"
SAVED_PAGE_META = "meta.json"
_MAX_META_BYTES = 1 << 20


def saved_page_meta(folder: Path) -> dict[str, Any] | None:
    """What a saved web page's folder says of its fetch (`meta.json`: the address asked,
    where it ended, when), or None when the folder holds no saved page's facts."""
    try:
        with (folder / SAVED_PAGE_META).open("rb") as handle:
            data = json.loads(handle.read(_MAX_META_BYTES))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        return None
    return data


def is_saved_page(path: Path) -> bool:
    """True for a web page saved into the library (its folder says where it came from)."""
    return path.name == SAVED_PAGE and (path.parent / SAVED_PAGE_META).is_file()


def _saved_page_address(path: Path | None) -> str:
    """The address a saved web page came from ("" for any other file)."""
    if path is None or path.name != SAVED_PAGE:
        return ""
    meta = saved_page_meta(path.parent)
    if meta is None:
        return ""
    final = meta.get("final_url")
    return tidy_url(final if isinstance(final, str) and final else str(meta["url"]))


def _finish(parsed: ParsedDocument, guess: str, kind: str, path: Path | None) -> Article:
    title = strip_unsafe(" ".join(parsed.title.split())) if parsed.title else ""
    if not title and (address := _saved_page_address(path)):
        # A saved page with no title of its own: its address (never "page", its file's name).
        title = strip_unsafe(address.split("://", 1)[-1].rstrip("/"))
    if not title and path is not None:
        title = strip_unsafe(path.stem.replace("-", " ").replace("_", " ")).strip()
        title = " ".join(title.split()) or strip_unsafe(path.name)
    return Article(
        text=parsed.text,
        blocks=tuple(parsed.blocks),
        title=title or "Untitled",
        path=path,
        format=kind,
        author=strip_unsafe(parsed.author),
        date=strip_unsafe(parsed.date),
        # A saved web page's source is the page's own (canonical) address, else where the
        # fetch ended: its annotations export with the address they were made on.
        source=strip_unsafe(parsed.source or _saved_page_address(path)),
        decoding=guess,
        emphasis=tuple(sorted(parsed.emphasis)),
    )
