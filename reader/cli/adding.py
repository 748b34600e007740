"""`reader add`: save web pages (fetched once) and article files into the library folder."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reader.cli.common import (
    RuntimeFailure,
    examples,
    global_options,
    open_library,
    read_settings,
    reports_errors,
    say,
)

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.library.web_pages import Saved
    from reader.settings import Settings


_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def is_web_address(text: str) -> bool:
    """True for what `reader` fetches rather than opens: an address (`scheme://…`; one it
    cannot fetch is refused in its own words, never opened as a file of that name)."""
    return _ADDRESS.match(text.strip()) is not None


def library_folder(settings: Settings) -> Path:
    """Where saved pages and added files are kept: the `library_folder` setting (a relative
    one is read from the settings file's folder), or the user data folder's."""
    from reader.paths import default_library_folder

    folder = settings.library_folder
    if folder is None:
        return default_library_folder()
    if not folder.is_absolute() and settings.path is not None:
        return settings.path.parent / folder
    return folder


def said(saved: Saved) -> str:
    """What saving one page or file did, in a line."""
    title = " ".join(saved.article.title.split())
    if saved.outcome == "already saved":
        return f"already saved “{title}” ({saved.path}); --refresh fetches it again"
    if saved.outcome == "already in the library":
        return f"already in the library: “{title}” ({saved.path})"
    if saved.outcome == "unchanged":
        return f"unchanged “{title}”: the page is as it was saved ({saved.path})"
    via = f" (redirected to {saved.redirects[-1]})" if saved.redirects else ""
    again = f"; {saved.found_again}" if saved.found_again else ""
    return f"{saved.outcome} “{title}”{via} → {saved.path}{again}"


def save_one(
    library: Library, folder: Path, given: str, refresh: bool = False, whole_page: bool = False
) -> Saved:
    """Save one web address or file into the library folder (FetchError or ArticleError
    when it cannot be)."""
    from reader.core.library.web_pages import save_file, save_page

    if is_web_address(given):
        return save_page(library, folder, given.strip(), refresh, whole_page)
    return save_file(library, folder, Path(given))


def _named(given: Sequence[str]) -> Iterator[str]:
    """The addresses and files given, `-` read as one per line of standard input (blank
    lines and `#` comments left out)."""
    for item in given:
        if item != "-":
            yield item
            continue
        for line in sys.stdin:
            if line.strip() and not line.lstrip().startswith("#"):
                yield line.strip()


@click.command(
    "add",
    short_help="Save web pages and article files into the library, to read offline.",
    epilog=examples(
        "reader add https://example.org/a-long-read",
        "reader add ~/Downloads/essay.html notes.md",
        "reader add - < links.txt          # one address per line",
        "reader add --refresh https://example.org/a-long-read",
    ),
)
@click.argument("given", nargs=-1, required=True, metavar="URL|FILE|-...")
@click.option(
    "--refresh", is_flag=True, help="Fetch pages saved before again (the old copy is kept)."
)
@click.option(
    "--whole-page",
    is_flag=True,
    help="Save a page in which no article is found as the whole page's text.",
)
@global_options
@reports_errors
def add_command(
    given: tuple[str, ...], refresh: bool, whole_page: bool, db: Path | None, config: Path | None
) -> None:
    """Save each URL (fetched once, kept as a snapshot) or FILE (copied in) into the library
    folder and the library; `-` reads addresses from standard input, one per line. The page
    as fetched is what is read and annotated from then on, even if it changes or goes."""
    from reader.core.articles import ArticleError
    from reader.core.web import FetchError, checked_address

    folder = library_folder(read_settings(config))
    library = open_library(db, write=True)
    failed = 0
    # With several named (standard input aside: its length is not known), each line says
    # how far along it is.
    total = len(given) if "-" not in given else 0
    number = 0
    for number, item in enumerate(_named(given), start=1):
        lead = f"{number}/{total} " if total > 1 else f"{number} " if not total else ""
        try:
            if is_web_address(item):
                checked_address(item)  # a malformed one is said at once, not "fetched"
                say(f"{lead}fetching {item} …")
            say(lead + said(save_one(library, folder, item, refresh, whole_page)))
        except (FetchError, ArticleError, OSError, ValueError) as error:
            failed += 1
            say(f"reader: {lead}not saved: {error}")
    if failed and number > 1:
        raise RuntimeFailure(f"{failed} of {number} could not be saved (said above)")
    if failed:
        raise SystemExit(1)  # said above, in its one line
