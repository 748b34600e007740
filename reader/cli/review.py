"""`reader review`: the highlights that moved, changed or lost their text, in the app or as
JSON. Nothing is ever accepted from here: a person looks at each in the app."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reader.cli.common import (
    BadInput,
    examples,
    global_options,
    open_library,
    read_settings,
    reports_errors,
    root_option,
    write_stdout,
)

if TYPE_CHECKING:
    from reader.core.library import Library


@click.command(
    "review",
    short_help="The highlights that moved, changed or lost their text.",
    epilog=examples(
        "reader review",
        "reader review ~/articles/denver.txt",
        "reader review --json | jq '.[] | select(.status == \"orphan\")'",
    ),
)
@click.argument("articles", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON (the app is not opened).")
@global_options
@reports_errors
def review_command(
    articles: Sequence[Path], as_json: bool, db: Path | None, config: Path | None
) -> None:
    """Review the highlights of the library (or of ARTICLES: files, or ids from `reader list
    --json`) found only approximately, moved far, or lost: accept, re-attach, detach or
    delete each in the app. With --json, print them and exit."""
    settings = read_settings(config)
    if not as_json:
        from reader.cli.opening import require_terminal

        require_terminal()
    library = open_library(db, write=not as_json)
    only = frozenset(_article_id(library, given) for given in articles) if articles else None
    if as_json:
        from reader.core.files import pretty_json
        from reader.core.library.review import review_groups, review_rows

        write_stdout(pretty_json(review_rows(review_groups(library, only))) + "\n", as_json=True)
        return
    from reader.cli.opening import run_app
    from reader.core.library import list_library

    listing = list_library(library, [], include_known=True)
    run_app(
        library,
        settings,
        root_option("config", config),
        entries=listing.entries,
        include_known=True,
        problems=listing.problems,
        review=only if only is not None else True,
    )


def _article_id(library: Library, given: Path) -> str:
    """The id of the article a file holds, or `given` itself when it is an article's id."""
    from reader.core.articles import ArticleError

    if given.is_dir():
        raise BadInput(f"{given} is a folder: give the article files in it, or their ids")
    if given.is_file():
        try:
            article = library.load(given).article
        except ArticleError as error:
            raise BadInput(str(error)) from None
        if library.store.article(article.id) is None:
            raise BadInput(
                f"{given}: the library has no highlights of this file;"
                f" open it with `reader {given}` to make some"
            )
        return article.id
    if library.store.article(str(given)) is not None:
        return str(given)
    raise BadInput(
        f"{given}: no such file, and no article of the library has this id;"
        " give an article's file, or an id from `reader list --json`"
    )
