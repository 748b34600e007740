"""The `reader` command: open articles in the app, or export, import, list, tag and search.

Only opening articles loads Textual; every other command stays fast for scripts.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from reader import __version__
from reader.core.annotations import Color
from reader.core.articles import ArticleError
from reader.core.export import GroupBy
from reader.core.store import StoreError
from reader.paths import database_path, default_config_path, sample_articles_dir
from reader.settings import SettingsError

if TYPE_CHECKING:
    from reader.core.annotations import ArticleAnnotations

F = TypeVar("F", bound=Callable[..., Any])

COMMANDS_HELP = """\
Read articles in the terminal, highlight them, and keep your notes.

\b
  reader                 open the bundled sample articles
  reader PATH...         open article files (.txt, .md, .html) or folders of them
  reader COMMAND ...     run one of the commands below

A path that is spelled like a command opens as a path when written ./export.
"""


class BadInput(click.ClickException):
    """Bad input or usage: exit status 2."""

    exit_code = 2


class RuntimeFailure(click.ClickException):
    """Something went wrong while doing what was asked: exit status 1."""

    exit_code = 1


def _fail(error: Exception) -> NoReturn:
    if isinstance(error, ArticleError | SettingsError):
        raise BadInput(str(error)) from None
    raise RuntimeFailure(str(error)) from None


def reports_errors(command: F) -> F:
    """Turn the errors users can cause into one-line messages with the right exit status."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from reader.core.export import ImportFileError

        try:
            return command(*args, **kwargs)
        except (ArticleError, SettingsError, StoreError) as error:
            _fail(error)
        except ImportFileError as error:
            raise BadInput(str(error)) from None

    return wrapper  # type: ignore[return-value]


def batch_command(command: F) -> F:
    """For commands that run once and exit: no cyclic garbage collection while they run.

    They build tens of thousands of small objects at once; the cycle collector re-scans them
    again and again (measured: a third of an export of 10,000 annotations) and the process
    frees everything when it exits anyway. The app, which runs for long, keeps it.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        gc.disable()
        try:
            return command(*args, **kwargs)
        finally:
            gc.enable()

    return wrapper  # type: ignore[return-value]


def _global_options(command: F) -> F:
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


def _root_option(name: str, given: Path | None) -> Path | None:
    if given is not None:
        return given
    value = click.get_current_context().find_root().params.get(name)
    return value if isinstance(value, Path) else None


def _store(db: Path | None) -> Any:
    from reader.core.store import AnnotationStore

    return AnnotationStore.open(database_path(_root_option("db", db)))


def _library(db: Path | None, write: bool) -> Any:
    """A Library over the chosen database; read-only commands never create a missing one."""
    from reader.core.library import Library

    store = _store(db)
    return Library(store, persist=write or store.path.exists())


class ReaderGroup(click.Group):
    """Commands by name; any other first argument is a path to open in the app."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] in self.commands:
            return super().resolve_command(ctx, args)
        return "open", open_command, args

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("reader", "[OPTIONS] [PATH]... | COMMAND [ARGS]...")


@click.group(
    cls=ReaderGroup,
    invoke_without_command=True,
    help=COMMANDS_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@_global_options
@click.version_option(__version__, "--version", "-V", prog_name="reader")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, config: Path | None) -> None:
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_command, paths=(), db=db, config=config)


@click.command("open", hidden=True)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_global_options
@reports_errors
def open_command(paths: Sequence[Path], db: Path | None, config: Path | None) -> None:
    """Open articles (or the bundled samples) in the app."""
    from reader.core.library import Library, expand_paths
    from reader.settings import load_settings

    config_path = _root_option("config", config)
    settings = load_settings(config_path or default_config_path(), required=config_path is not None)
    store = _store(db)
    library = Library(store)
    # Opening registers articles: a broken database is refused here, before any screen.
    single_file = len(paths) == 1 and not paths[0].is_dir()
    articles = [library.open(paths[0])] if single_file else []
    entries = None
    files: list[Path] = []
    problems: list[str] = []
    include_known = len(paths) <= 1
    if not single_file:
        from reader.core.library import list_library

        files = expand_paths(list(paths) or [sample_articles_dir()])
        entries, problems = list_library(library, files, include_known)
        if not entries:
            raise BadInput(problems[0] if problems else "no article could be opened")
    from reader.paths import state_path
    from reader.ui.app import ReaderApp  # deferred: only the app needs Textual
    from reader.ui.keys import known_binding_ids

    known = known_binding_ids()
    unknown = sorted(set(settings.keys) - known)
    if unknown:
        where = config_path or default_config_path()
        raise BadInput(
            f"{where}: [keys] has no binding called '{unknown[0]}'"
            f" (binding ids: {', '.join(sorted(known))})"
        )
    app = ReaderApp(
        articles,
        library,
        settings,
        state_path(),
        entries=entries,
        files=files,
        include_known=include_known,
        problems=problems,
    )
    app.run()
    for warning in app.exit_warnings:
        click.echo(warning, err=True)


@cli.command("export")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="Markdown notes, or W3C Web Annotation JSON (for backups and other tools).",
)
@click.option("--tag", "tags", multiple=True, help="Only annotations with this tag (repeatable).")
@click.option(
    "--color",
    "colors",
    multiple=True,
    type=click.Choice([color.value for color in Color], case_sensitive=False),
    help="Only annotations of this colour (repeatable).",
)
@click.option("--since", help="Only annotations changed since YYYY-MM-DD[THH:MM] (local time).")
@click.option(
    "--group",
    "group_by",
    type=click.Choice([group.value for group in GroupBy]),
    default=GroupBy.POSITION.value,
    show_default=True,
    help="Order highlights in a note by position, or group them by colour or tag.",
)
@click.option(
    "-o",
    "--output",
    type=str,  # kept as typed: a trailing "/" means a folder
    default=None,
    help="A folder (existing, or ending in /) for one note per article, or a file for one.",
)
@_global_options
@reports_errors
@batch_command
def export_command(
    paths: Sequence[Path],
    output_format: str,
    tags: Sequence[str],
    colors: Sequence[str],
    since: str | None,
    group_by: str,
    output: str | None,
    db: Path | None,
    config: Path | None,
) -> None:
    """Export annotations (of PATHs, or every annotated article) as Markdown notes or JSON.

    Notes go to standard output unless -o is given. Re-exporting into a folder updates each
    note in place and keeps what you wrote between <!-- reader:keep --> and <!-- reader:end -->.
    """
    from reader.core.annotations import AnnotationFilter, parse_since

    try:
        since_time = parse_since(since) if since is not None else None
    except ValueError as error:
        raise BadInput(f"--since {error}") from None
    chosen = AnnotationFilter(
        tuple(tags), tuple(Color(name.lower()) for name in colors), since_time
    )
    library = _library(db, write=False)
    groups = chosen.apply(library.collect(list(paths) if paths else None), keep_empty=bool(paths))
    exported = library.store.now()
    as_folder = output is not None and (output.endswith(("/", os.sep)) or Path(output).is_dir())
    target = Path(output) if output is not None else None
    if output_format == "json":
        if as_folder:
            raise BadInput(f"-o {output}: JSON goes to one file; give a file name, not a folder")
        _export_json(groups, target)
    else:
        _export_markdown(groups, target, as_folder, exported, GroupBy(group_by))


def _export_json(groups: Sequence[ArticleAnnotations], output: Path | None) -> None:
    from reader.core.export import dumps, to_collection
    from reader.core.files import write_atomically

    collection = to_collection(groups)
    text = dumps(collection)
    if output is None:
        _write_stdout(text)
        return
    if output.is_dir():
        raise BadInput(f"{output}: is a folder; give the name of a file to write")
    try:
        write_atomically(output, text.encode("utf-8"))
    except OSError as error:
        raise RuntimeFailure(f"{output}: cannot be written ({error.strerror or error})") from None
    articles = sum(1 for group in groups if group.annotations)
    total = collection["total"]
    click.echo(
        f"exported {total} annotation{_plural(total)} from {articles}"
        f" article{_plural(articles)} to {output}",
        err=True,
    )


def _export_markdown(
    groups: Sequence[ArticleAnnotations],
    output: Path | None,
    as_folder: bool,
    exported: str,
    group_by: GroupBy,
) -> None:
    from reader.core.export import Outcome, describe, to_markdown, write_note_file, write_notes

    ordered = sorted(groups, key=lambda item: (item.title.casefold(), item.article_id))
    if output is None:
        _write_stdout("\n".join(to_markdown(group, exported, group_by) for group in ordered))
        return
    if as_folder:
        try:
            results = write_notes(ordered, output, exported, group_by)
        except OSError as error:
            raise RuntimeFailure(
                f"{output}: cannot be written ({error.strerror or error})"
            ) from None
    else:
        if len(ordered) != 1:
            raise BadInput(
                f"-o {output}: a file takes exactly one article, but {len(ordered)} match;"
                " give a folder (ending in /) to write one note per article"
            )
        results = [write_note_file(ordered[0], output, exported, group_by)]
    skipped = [result for result in results if result.outcome is Outcome.SKIPPED]
    for result in skipped:
        click.echo(f"reader: skipped {result.path}: {result.reason}", err=True)
    click.echo(f"exported notes to {output}: {describe(results)}", err=True)
    if skipped:
        raise SystemExit(1)


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@_global_options
@reports_errors
@batch_command
def import_command(file: Path, db: Path | None, config: Path | None) -> None:
    """Import annotations from a W3C Web Annotation JSON file (or a JSON array of them)."""
    from reader.core.export import ImportFileError, parse_import
    from reader.core.library import import_annotations

    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{file}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{file}: is a folder; give the JSON file to import") from None
    except OSError as error:
        raise BadInput(f"{file}: cannot be read ({error.strerror or error})") from None
    try:
        items = parse_import(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BadInput(f"{file}: is not UTF-8 text; nothing was imported") from None
    except ImportFileError as error:
        raise BadInput(f"{file}: {error}; nothing was imported") from None
    summary = import_annotations(_store(db), items, file.absolute().parent)
    click.echo(str(summary), err=True)


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@_global_options
@reports_errors
@batch_command
def list_command(as_json: bool, db: Path | None, config: Path | None) -> None:
    """List the articles in the library with their number of highlights."""
    from reader.core.articles.text import strip_unsafe

    store = _store(db)
    with store.reading() as view:
        records = view.articles()
        counts: dict[str, int] = {}
        for annotation in view.annotations():
            counts[annotation.article_id] = counts.get(annotation.article_id, 0) + 1
    rows = []
    for record in sorted(records, key=lambda item: (item.title.casefold(), item.id)):
        existing = [seen.path for seen in record.paths if Path(seen.path).is_file()]
        rows.append(
            {
                "id": record.id,
                "title": record.title,
                "path": existing[0] if existing else (record.paths[0].path if record.paths else ""),
                "highlights": counts.get(record.id, 0),
                "missing": not existing,
            }
        )
    if as_json:
        _write_stdout(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    lines = []
    for row in rows:
        flag = "  (file missing)" if row["missing"] else ""
        lines.append(
            f"{row['highlights']:>5}  {strip_unsafe(str(row['title']))}  {row['path']}{flag}"
        )
    _write_stdout("".join(line + "\n" for line in lines))


@cli.command("tags")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@_global_options
@reports_errors
@batch_command
def tags_command(as_json: bool, db: Path | None, config: Path | None) -> None:
    """List every tag with how many annotations carry it."""
    counts = _store(db).tag_counts()
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    if as_json:
        rows = [{"tag": tag, "count": count} for tag, count in ordered]
        _write_stdout(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    from reader.core.articles.text import strip_unsafe

    _write_stdout("".join(f"{count:>5}  {strip_unsafe(tag)}\n" for tag, count in ordered))


@cli.command("search")
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_global_options
@reports_errors
@batch_command
def search_command(query: str, as_json: bool, db: Path | None, config: Path | None) -> None:
    """Search the quotes, notes and tags of every annotation (case and spacing ignored)."""
    from reader.core.articles.text import collapse_whitespace, strip_unsafe

    needle = collapse_whitespace(query).casefold()
    if not needle:
        raise BadInput("the search query is empty; give some words to look for")
    store = _store(db)
    with store.reading() as view:
        titles = {record.id: record.title for record in view.articles()}
        hits = [
            annotation
            for annotation in view.annotations()
            if any(
                needle in collapse_whitespace(field).casefold()
                for field in (annotation.quote, annotation.note, *annotation.tags)
            )
        ]
    if as_json:
        rows = [
            {
                "article_id": hit.article_id,
                "article_title": titles.get(hit.article_id, ""),
                "id": hit.id,
                "quote": hit.quote,
                "note": hit.note,
                "tags": list(hit.tags),
                "color": hit.color.value,
            }
            for hit in hits
        ]
        _write_stdout(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    lines: list[str] = []
    current = None
    for hit in hits:
        if hit.article_id != current:
            current = hit.article_id
            lines.append(
                ("" if not lines else "\n")
                + strip_unsafe(titles.get(hit.article_id, hit.article_id))
            )
        quote = collapse_whitespace(strip_unsafe(hit.quote))
        lines.append(f'  "{quote[:100]}{"…" if len(quote) > 100 else ""}"')
        if hit.note:
            lines.append("    " + collapse_whitespace(strip_unsafe(hit.note.splitlines()[0]))[:100])
        if hit.tags:
            lines.append(
                "    " + " ".join("#" + strip_unsafe(tag).replace(" ", "-") for tag in hit.tags)
            )
    _write_stdout("".join(line + "\n" for line in lines))


@cli.group("db")
def db_group() -> None:
    """Look after the annotation database: where it is, and putting a backup back."""


@db_group.command("path")
@_global_options
def db_path_command(db: Path | None, config: Path | None) -> None:
    """Print the path of the database in use."""
    click.echo(str(database_path(_root_option("db", db))))


@db_group.command("restore")
@click.argument("backup", required=False, type=click.Path(path_type=Path))
@_global_options
@reports_errors
def db_restore_command(backup: Path | None, db: Path | None, config: Path | None) -> None:
    """Put a backup (default: the newest readable one) back in place of the database.

    The file it replaces is kept beside it, never deleted.
    """
    store = _store(db)
    used, kept = store.restore_backup(backup)
    aside = f"; the replaced file was kept as {kept}" if kept is not None else ""
    click.echo(f"restored {store.path} from {used}{aside}", err=True)


def _write_stdout(text: str) -> None:
    """Write to standard output, quietly stopping when the reader of a pipe has gone."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at devnull so Python's exit flush does not raise again.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)


def main() -> None:
    """Entry point of the `reader` script."""
    cli(prog_name="reader")


def _plural(count: int) -> str:
    return "" if count == 1 else "s"
