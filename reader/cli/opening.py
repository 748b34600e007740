"""Opening articles (or the bundled samples) in the app: the only command that loads Textual."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from reader.cli.common import (
    BadInput,
    global_options,
    open_store,
    read_settings,
    reports_errors,
    root_option,
    say,
)
from reader.paths import default_config_path, sample_articles_dir

if TYPE_CHECKING:
    from reader.core.articles import Article
    from reader.core.library import Library, OpenedArticle
    from reader.settings import Settings

READ_BEFORE_THE_FIRST_FRAME = 200
"""New articles read before the library shows; the rest are read while it is on screen."""


@click.command("open", hidden=True)
@click.argument("given", nargs=-1)
@global_options
@reports_errors
def open_command(given: Sequence[str], db: Path | None, config: Path | None) -> None:
    """Open articles (or the library) in the app; a web address is saved first."""
    from reader.core.library import Library, expand_paths

    config_path = root_option("config", config)
    settings = read_settings(config)
    if settings.note_template is not None:  # a wrong one is refused now, not at an export
        settings.note_style()
    require_terminal()
    store = open_store(db)
    library = Library(store)
    paths = []
    for item in given:  # a page that cannot be saved is said, and the others are opened
        path = _saved_or_path(library, settings, item)
        if path is not None:
            paths.append(path)
    if given and not paths:
        raise SystemExit(1)  # each was said in its line
    # Reading comes first: a damaged database is refused here, before any screen. A database
    # that reads but cannot be written (a read-only folder) still opens, and says so.
    single_file = len(paths) == 1 and not paths[0].is_dir()
    # What the store should learn of the files (new ones, moved or changed ones) is written
    # by the app's saver once the first frame is up: a first open waited for the lock, the
    # database's creation and an fsync before showing anything.
    articles = []
    entries = None
    unread: list[Path] = []
    files: list[Path] = []
    problems: list[str] = []
    registering: list[OpenedArticle] = []
    pending: list[tuple[Article, tuple[int, int]]] = []
    include_known = len(paths) <= 1
    if single_file:
        opened = library.load(paths[0])
        articles = [opened.article]
        registering = [opened]
    else:
        from reader.core.library import list_library

        files = expand_paths(list(paths) or _first_run_articles(library, settings))
        entries, problems, pending, unread = list_library(
            library, files, include_known, read_limit=READ_BEFORE_THE_FIRST_FRAME
        )
        if not entries and not unread:
            raise BadInput(problems[0] if problems else "no article could be opened")
    run_app(
        library,
        settings,
        config_path,
        articles=articles,
        entries=entries,
        files=files,
        include_known=include_known,
        problems=problems,
        registering=registering,
        pending=pending,
        unread=unread,
    )


def _saved_or_path(library: Library, settings: Settings, given: str) -> Path | None:
    """A web address saved into the library (fetched the first time) as the file to open,
    or the path given; None for a page that could not be saved (said)."""
    from reader.cli.adding import is_web_address

    if not is_web_address(given):
        return Path(given)
    from reader.cli.adding import library_folder, said, save_one
    from reader.core.library.web_pages import NoArticleFound
    from reader.core.web import FetchError

    say(f"reader: fetching {given.strip()} …")
    folder = library_folder(settings)
    try:
        try:
            saved = save_one(library, folder, given)
        except NoArticleFound as error:
            question = f"reader: {error}. Save the whole page's text instead?"
            if not click.confirm(
                question.replace("; --whole-page saves all of its text instead", ""), err=True
            ):
                raise
            saved = save_one(library, folder, given, whole_page=True)
    except FetchError as error:
        say(f"reader: not saved: {error}")
        return None
    say(f"reader: {said(saved)}")
    return saved.path


def _first_run_articles(library: Library, settings: Settings) -> list[Path]:
    """What `reader` alone opens besides the articles seen before: the pages and files saved
    in the library folder (read from the folder: a new database, or a folder moved or
    synced, still shows them), or the bundled samples while the library has nothing of the
    reader's own (they were added to a library of 5,000 articles)."""
    from reader.cli.adding import library_folder
    from reader.core.articles.model import ARTICLE_SUFFIXES

    folder = library_folder(settings)
    try:
        saved = sorted(folder.glob("web-*/page.html")) + sorted(
            path for path in folder.glob("files/*/*") if path.suffix.lower() in ARTICLE_SUFFIXES
        )
    except OSError:
        saved = []
    if saved:
        return saved
    samples = sample_articles_dir()
    for record in library.store.articles():
        if record.kind or any(not Path(seen.path).is_relative_to(samples) for seen in record.paths):
            return []  # the reader's own articles (or books) are there: no samples among them
    return [samples]


def terminal_problem() -> str | None:
    """Why the app cannot run here (it reads keys from standard input and draws on standard
    error), or None: started from a script or a pipe, it would wait for ever, unseen."""
    for name, stream in (("input", sys.stdin), ("error", sys.__stderr__)):
        try:
            if stream is not None and stream.isatty():
                continue
        except (AttributeError, ValueError):  # closed, or not a real stream
            pass
        return (
            f"the app needs a terminal, and standard {name} is not one; without one, use"
            " reader list, search, export or import"
        )
    return None


def require_terminal() -> None:
    """Refuse, in one line and before any work, to start the app where it cannot be seen."""
    if (problem := terminal_problem()) is not None:
        raise BadInput(problem)


def run_app(library: Library, settings: Settings, config_path: Path | None, **shown: Any) -> None:
    """Check the settings the app needs, run it on what `shown` says, and save what is left
    (the `open` and `review` commands' one way into the app)."""
    from reader.cli.heap import share_one_heap
    from reader.paths import state_path
    from reader.ui.app import ReaderApp  # deferred: only the app needs Textual
    from reader.ui.registry import key_conflict, known_ids

    known = known_ids()
    unknown = sorted(set(settings.keys) - known)
    where = config_path or default_config_path()
    if unknown:
        raise BadInput(
            f"{where}: [keys] has no binding called '{unknown[0]}'"
            f" (binding ids: {', '.join(sorted(known))})"
        )
    conflict = key_conflict(settings.keys)
    if conflict is not None:
        key, first, second = conflict
        raise BadInput(
            f"{where}: [keys] gives '{key}' to both {first} and {second} on one screen;"
            " give one of them another key"
        )
    from textual.theme import BUILTIN_THEMES

    if settings.theme and settings.theme not in BUILTIN_THEMES:
        raise BadInput(
            f"{where}: theme '{settings.theme}' is not one reader has"
            f" (themes: {', '.join(sorted(BUILTIN_THEMES))})"
        )
    articles = shown.pop("articles", [])
    share_one_heap()  # before the app starts its threads
    app = ReaderApp(articles, library, settings, state_path(), **shown)
    try:
        app.run()
    finally:  # also after a closed terminal or a kill: what is not saved goes to a file
        warnings = app.finish_saving()
        for warning in warnings:
            with contextlib.suppress(OSError):  # the terminal may be gone
                say(warning)
    if warnings:
        raise SystemExit(1)  # changes are in a recovery file, not in the database
    if app.return_code:  # the app stopped on an error (Textual has shown it): a failure
        raise SystemExit(1)
