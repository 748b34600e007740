"""Saving into the library folder: a web page fetched once and kept as a snapshot, a file
copied in, each registered as an article so that its annotations depend on nothing else."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.articles import Article, ArticleError, load_article, parse_article
from reader.core.articles.text import decode_with_guess, strip_unsafe
from reader.core.library.library import Library
from reader.core.web import FetchedPage, FetchError, fetch_page, find_snapshot, save_snapshot

FILES = "files"
"""The library folder's folder of added files."""


class NoArticleFound(FetchError):
    """A page whose main text could not be told from the rest (a front page, an app)."""


@dataclass(frozen=True)
class Saved:
    """What saving one page or file did: the article, where it is kept, and how."""

    article: Article
    path: Path
    outcome: str
    """"saved", "refreshed", "already saved" or "copied"."""
    redirects: tuple[str, ...] = ()


MIN_SENTENCE_WORDS = 6
"""A page's main text is an article when a line of it has this many words: a menu, a list
of links or an app's shell has none."""


def _has_main_text(body: bytes) -> bool:
    """True when main-text extraction finds an article in the page (not only its chrome)."""
    import trafilatura

    try:
        text, _ = decode_with_guess(body)
    except ValueError:
        return False
    found = trafilatura.extract(text, include_comments=False, fast=True) or ""
    return any(len(line.split()) >= MIN_SENTENCE_WORDS for line in found.splitlines())


def _site_name(body: bytes) -> str:
    """The site's own name for itself, as its metadata gives it ("" when it gives none)."""
    import trafilatura

    try:
        text, _ = decode_with_guess(body)
        found = trafilatura.extract_metadata(text)
    except (ValueError, TypeError):
        return ""
    return strip_unsafe(found.sitename or "") if found is not None else ""


def save_page(
    library: Library,
    folder: Path,
    url: str,
    refresh: bool = False,
    whole_page: bool = False,
    fetch: Callable[[str], FetchedPage] = fetch_page,
) -> Saved:
    """Fetch `url` and keep it in `folder` as a snapshot, registered as an article; a page
    saved before is not fetched again unless `refresh` (then the old page is kept aside and
    the annotations are found again in the new one). A page with no article found in it is
    refused unless `whole_page` (its whole text is then the article). Raises FetchError."""
    known = find_snapshot(folder, url)
    if known is not None and not refresh:
        return Saved(library.open(known.page), known.page, "already saved")
    page = fetch(url)
    try:
        parsed = parse_article(page.body, "html")
    except ArticleError:
        raise FetchError(f"{page.final_url}: has no readable text; nothing was saved") from None
    if not whole_page and not _has_main_text(page.body):
        raise NoArticleFound(
            f"{page.final_url}: no article found in the page; --whole-page saves all of its"
            " text instead"
        )
    facts = {
        "title": parsed.title,
        "author": parsed.author,
        "date": parsed.date,
        "site": _site_name(page.body),
        "canonical": parsed.source,
    }
    snapshot = save_snapshot(folder, page, library.store.now(), facts)
    outcome = "refreshed" if known is not None else "saved"
    return Saved(library.open(snapshot.page), snapshot.page, outcome, page.redirects)


def save_file(library: Library, folder: Path, path: Path) -> Saved:
    """Copy an article file into `folder` (named by its article id, never by what it is
    called) and register the copy; the original's annotations, if any, follow the copy.
    Raises ArticleError for a file that cannot be read as an article."""
    article = load_article(path.absolute())
    target = folder / FILES / f"{article.id}{path.suffix.lower()}"
    if target.exists():
        return Saved(library.open(target), target, "already saved")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.part")
    shutil.copyfile(path, temporary)
    temporary.replace(target)
    with library.store.reading() as view:
        before = view.article_for_path(str(path.absolute()))
    if before is not None:
        return Saved(library.relink(before.id, target), target, "copied")
    return Saved(library.open(target), target, "copied")
