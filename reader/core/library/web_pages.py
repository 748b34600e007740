"""Saving into the library folder: a web page fetched once and kept as a snapshot, a file
copied in, each registered as an article so that its annotations depend on nothing else."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.articles import Article, ArticleError, load_article, parse_article
from reader.core.articles.model import ARTICLE_SUFFIXES
from reader.core.articles.text import decode_with_guess, strip_unsafe
from reader.core.library.library import Library
from reader.core.web import (
    FetchedPage,
    FetchError,
    checked_address,
    fetch_page,
    find_snapshot,
    save_alias,
    save_snapshot,
    without_credentials,
)

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
    """"saved", "refreshed", "unchanged", "already saved", "copied" or "already in the
    library"."""
    redirects: tuple[str, ...] = ()
    found_again: str = ""
    """After a refresh: how the highlights were found in the new page."""


MIN_SENTENCE_WORDS = 6
"""A page's main text is an article when a line of it has this many words: a menu, a list
of links or an app's shell has none."""


def _has_main_text(text: str) -> bool:
    """True when main-text extraction finds an article in the page (not only its chrome)."""
    import trafilatura

    found = trafilatura.extract(text, include_comments=False, fast=True) or ""
    return any(len(line.split()) >= MIN_SENTENCE_WORDS for line in found.splitlines())


def _site_name(text: str) -> str:
    """The site's own name for itself, as its metadata gives it ("" when it gives none)."""
    import trafilatura

    try:
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
    saved before (under this address, or the one it redirects to) is not fetched again
    unless `refresh` (then the old page is kept aside and the annotations are found again
    in the new one). A page with no article found in it is refused unless `whole_page` (its
    whole text is then the article). Raises FetchError."""
    given = checked_address(url)
    address = without_credentials(given)
    known = find_snapshot(folder, address)
    if known is not None and not refresh:
        return Saved(library.open(known.page), known.page, "already saved")
    page = fetch(given)
    try:
        parsed = parse_article(page.body, "html")
    except ArticleError:
        raise FetchError(f"{page.final_url}: has no readable text; nothing was saved") from None
    if known is None:
        # Linked through a redirect (a feed's tracker) to a page saved before: that one.
        for other in (page.final_url, parsed.source):
            earlier = find_snapshot(folder, other) if other else None
            if earlier is not None:
                save_alias(folder, address, earlier)
                return Saved(library.open(earlier.page), earlier.page, "already saved")
    text = decode_with_guess(page.body)[0]  # it read as an article: it decodes
    if not whole_page and not _has_main_text(text):
        raise NoArticleFound(
            f"{page.final_url}: no article found in the page; --whole-page saves all of its"
            " text instead"
        )
    facts = {
        "title": parsed.title,
        "author": parsed.author,
        "date": parsed.date,
        "site": _site_name(text),
        "canonical": parsed.source,
    }
    unchanged = known is not None and known.page.read_bytes() == page.body
    snapshot = save_snapshot(folder, page, library.store.now(), facts)
    for other in (page.final_url, parsed.source):
        if other and other.startswith(("http://", "https://")):
            save_alias(folder, other, snapshot)
    article = library.open(snapshot.page)
    if known is None:
        return Saved(article, snapshot.page, "saved", page.redirects)
    if unchanged:
        return Saved(article, snapshot.page, "unchanged", page.redirects)
    return Saved(
        article, snapshot.page, "refreshed", page.redirects, _found_again(library, article)
    )


def _found_again(library: Library, article: Article) -> str:
    """How the article's highlights were found in its new text ("" when it has none)."""
    from collections import Counter

    from reader.core.anchoring import AnchorStatus

    placed = [item for item in library.anchored(article).annotations if item.has_passage]
    if not placed:
        return ""
    counts = Counter(item.status for item in placed)
    exact = counts[AnchorStatus.EXACT] + counts[AnchorStatus.MOVED]
    return (
        f"{exact} of {len(placed)} highlights found again, {counts[AnchorStatus.FUZZY]}"
        f" approximately (to review), {counts[AnchorStatus.ORPHAN]} not found"
    )


_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


def save_file(library: Library, folder: Path, path: Path) -> Saved:
    """Copy an article file into `folder` (in a folder named by its article id, under its
    own name made safe) and register the copy; the original's annotations, if any, follow
    the copy. Raises ArticleError for a file that cannot be read as an article."""
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        kinds = ", ".join(sorted(ARTICLE_SUFFIXES))
        raise ArticleError(path, f"is not a kind of file reader reads ({kinds})")
    article = load_article(path.absolute())
    home = folder / FILES / article.id
    kept = sorted(home.glob("*")) if home.is_dir() else []
    if kept:
        return Saved(library.open(kept[0]), kept[0], "already in the library")
    name = _UNSAFE_NAME.sub("_", path.stem).strip(" ._")[:80] or article.id
    target = home / f"{name}{suffix}"
    home.mkdir(parents=True, exist_ok=True)
    temporary = home / f".{target.name}.part"
    shutil.copyfile(path, temporary)
    temporary.replace(target)
    with library.store.reading() as view:
        before = view.article_for_path(str(path.absolute()))
    if before is not None:
        return Saved(library.relink(before.id, target), target, "copied")
    return Saved(library.open(target), target, "copied")
