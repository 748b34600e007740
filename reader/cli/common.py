"""What every command shares: exit statuses, one-line errors, options, output."""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from reader.core.articles import ArticleError
from reader.core.articles.text import (
    escape_unsafe,
    has_unsafe,
    remove_unsafe,
    strip_unsafe_keep_newlines,
)
from reader.core.store.files import StoreError
from reader.paths import database_path, default_config_path
from reader.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:  # the store and library load on first use: `reader --help` stays quick
    from reader.core.library import Library
    from reader.core.store import AnnotationStore

F = TypeVar("F", bound=Callable[..., Any])


class OneLineError(click.ClickException):
    """An error printed as one line that nothing in it can turn into terminal commands."""

    def format_message(self) -> str:
        """The message, with file names and data made safe to print."""
        return " ".join(remove_unsafe(self.message.replace("\n", " ")).split(" "))

    def show(self, file: Any = None) -> None:
        """Print the line as every other line of reader's is: `reader: ...` (not `Error:`)."""
        click.echo(f"reader: {self.format_message()}", file=file, err=file is None)


class BadInput(OneLineError):
    """Bad input or usage: exit status 2."""

    exit_code = 2


class RuntimeFailure(OneLineError):
    """Something went wrong while doing what was asked: exit status 1."""

    exit_code = 1


def say(message: str) -> None:
    """A line to standard error (what was done, a warning), safe to print."""
    click.echo(remove_unsafe(message.replace("\n", " ")), err=True)


def fail(error: Exception) -> NoReturn:
    if isinstance(error, ArticleError | SettingsError):
        raise BadInput(str(error)) from None
    raise RuntimeFailure(str(error)) from None


def reports_errors(command: F) -> F:
    """Turn the errors users can cause into one-line messages with the right exit status."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (ArticleError, SettingsError, StoreError) as error:
            fail(error)
        except Exception as error:
            # Only what loaded the export machinery can raise its errors: opening an article
            # never loads it, and is not made to here.
            export = sys.modules.get("reader.core.export")
            known = () if export is None else (export.ImportFileError, export.NoteTemplateError)
            if isinstance(error, known):
                raise BadInput(str(error)) from None
            raise

    return wrapper  # type: ignore[return-value]


BATCH_GC_THRESHOLD = 200_000
"""Allocations between two collections of the youngest objects in batch commands."""


def batch_command(command: F) -> F:
    """For commands that run once and exit: cyclic garbage collection, but rarely.

    They build tens of thousands of small objects at once; the cycle collector at its usual
    pace re-scans them again and again (a third of an export of 10,000 annotations). Switched
    off entirely, though, the parsers' cycles of 5,000 articles are never freed (1 GB): so
    it runs, a thousand times less often. The app, which runs for long, keeps the default.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        before = gc.get_threshold()
        gc.set_threshold(BATCH_GC_THRESHOLD, before[1], before[2])
        try:
            return command(*args, **kwargs)
        finally:
            gc.set_threshold(*before)

    return wrapper  # type: ignore[return-value]


def global_options(command: F) -> F:
    """--db and --config, accepted after the command as well as before it."""
    command = click.option(
        "--config",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Settings file (TOML) to use instead of the default one.",
    )(command)
    return click.option(
        "--db",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        envvar=None,
        help="Annotation database file (default: $READER_DB, else the user data folder).",
    )(command)


def root_option(name: str, given: Path | None) -> Path | None:
    if given is not None:
        return given
    value = click.get_current_context().find_root().params.get(name)
    return value if isinstance(value, Path) else None


def read_settings(config: Path | None) -> Settings:
    """The settings `--config` names (refused when missing), else the default file's."""
    given = root_option("config", config)
    return load_settings(given or default_config_path(), required=given is not None)


def config_file(config: Path | None) -> Path:
    """The settings file in use (for messages)."""
    return root_option("config", config) or default_config_path()


def open_store(db: Path | None) -> AnnotationStore:
    """The store the options (or $READER_DB, or the default) name."""
    from reader.core.store import AnnotationStore

    return AnnotationStore.open(database_path(root_option("db", db)))


def open_library(db: Path | None, write: bool) -> Library:
    """A Library over the chosen database; read-only commands never create a missing one."""
    from reader.core.library import Library

    store = open_store(db)
    return Library(store, persist=write or (store.path is not None and store.path.exists()))


def write_stdout(text: str, as_json: bool = False) -> None:
    """Write to standard output, quietly stopping when the reader of a pipe has gone, and
    failing in one line when the bytes cannot be written (a full disk behind `> file`).

    To a terminal, nothing from data may act on it: in JSON such characters are written as
    `\\u` escapes (the same data), elsewhere they are left out.
    """
    if sys.stdout.isatty() and has_unsafe(text):
        text = escape_unsafe(text) if as_json else strip_unsafe_keep_newlines(text)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    except OSError as error:
        _silence_stdout()
        raise RuntimeFailure(
            f"standard output could not be written ({error.strerror or error});"
            " what it holds is incomplete"
        ) from None


def _silence_stdout() -> None:
    """Point standard output at the null device, so Python's flush at exit cannot fail again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def examples(*lines: str) -> str:
    """A command's examples, for the end of its --help (kept as written, not re-wrapped)."""
    return "\b\nExamples:\n" + "".join(f"  {line}\n" for line in lines)


def plural(count: int) -> str:
    """ "s" unless there is exactly one."""
    return "" if count == 1 else "s"
