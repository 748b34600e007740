"""`reader export`: Markdown notes (to standard output, a file or a folder) or W3C JSON."""

from __future__ import annotations

import codecs
import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from reader.cli.common import (
    BadInput,
    RuntimeFailure,
    batch_command,
    examples,
    global_options,
    open_library,
    plural,
    read_settings,
    reports_errors,
    say,
    write_stdout,
)
from reader.core.annotations import ArticleAnnotations, Color
from reader.core.export import GroupBy, NoteStyle

if TYPE_CHECKING:
    from reader.core.store import AnnotationStore


@click.command(
    "export",
    short_help="Markdown notes or W3C JSON of your annotations.",
    epilog=examples(
        "reader export                               # every note, to standard output",
        "reader export -o ~/vault/reader/            # one note per article, updated in place",
        "reader export article.md --group tag -o a.md",
        "reader export --tag ecology --since 2026-11-01",
        "reader export --format json > annotations.json   # a backup of everything",
    ),
)
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
@global_options
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
    if output is not None and not output.strip():
        raise BadInput("-o was given an empty name; give a file, a folder ending in /, or -")
    settings = read_settings(config)
    style = settings.note_style(GroupBy(group_by))  # a wrong template is refused before work
    library = open_library(db, write=False)
    # The whole library streams, one article at a time; named files are few and read first.
    if paths:
        named = library.collect(list(paths))
        found: Iterable[ArticleAnnotations] = sorted(
            named, key=lambda item: (item.title.casefold(), item.article_id)
        )
    else:
        found = library.each_group()
    groups = chosen.each(found, keep_empty=bool(paths))
    for reason in library.skipped:
        say(f"reader: skipped {reason}")
    exported = library.store.now()
    as_folder = output is not None and (output.endswith(("/", os.sep)) or Path(output).is_dir())
    # "-o -" is standard output; a device or FIFO (/dev/null, a pipe) is written straight.
    target = Path(output) if output is not None and output != "-" else None
    if output_format == "json":
        if as_folder:
            raise BadInput(f"-o {output}: JSON goes to one file; give a file name, not a folder")
        # A backup carries its deletions, so that one made here travels to another copy; a
        # selection by tag, colour or time is not a backup and carries none.
        whole = not (tags or colors or since)
        _export_json(groups, target, library.store, whole, bool(paths))
    else:
        _export_markdown(groups, target, as_folder, exported, style)
    if library.skipped:
        raise SystemExit(1)  # the rest was exported; the skipped files were named


class _Counted:
    """The groups as they pass, counting the articles and annotations that went by."""

    def __init__(self, groups: Iterable[ArticleAnnotations]) -> None:
        self._groups = groups
        self.articles = 0
        self.annotations = 0
        self.ids: set[str] = set()

    def __iter__(self) -> Iterator[ArticleAnnotations]:
        for group in self._groups:
            self.ids.add(group.article_id)
            if group.annotations:
                self.articles += 1
                self.annotations += len(group.annotations)
            yield group


def _export_json(
    groups: Iterable[ArticleAnnotations],
    output: Path | None,
    store: AnnotationStore,
    with_deletions: bool,
    only_named: bool,
) -> None:
    from reader.core.export import collection_pieces, owner
    from reader.core.files import write_output

    if output is not None and output.is_dir():
        raise BadInput(f"{output}: is a folder; give the name of a file to write")
    if output is not None and not _replaceable(output):
        raise BadInput(
            f"{output}: exists and is not a JSON export of reader's; give another name, or"
            " remove it first"
        )
    counted = _Counted(groups)

    def deletions() -> list[dict[str, Any]]:
        if not with_deletions:
            return []
        with store.reading() as view:
            found = view.deletions()
        if only_named:
            return [doc for doc in found if doc["article_id"] in counted.ids]
        return found

    pieces = collection_pieces(counted, owner(store.library_id()), deletions)
    if output is None:
        # A piece may end inside a character: decoded as a stream, never piece by piece.
        for text in codecs.iterdecode(pieces, "utf-8"):
            write_stdout(text, as_json=True)
        return
    try:
        write_output(output, pieces)
    except OSError as error:
        raise RuntimeFailure(f"{output}: cannot be written ({error.strerror or error})") from None
    total, articles = counted.annotations, counted.articles
    say(
        f"exported {total} annotation{plural(total)} from {articles}"
        f" article{plural(articles)} to {output}"
    )


def _replaceable(output: Path) -> bool:
    """True when writing JSON to `output` loses nothing of the user's: no file there, an
    empty one, a device or pipe, or an earlier JSON export of reader's."""
    from reader.core.files import is_regular_file, is_stream

    if not output.exists() or is_stream(output) or not is_regular_file(output):
        return True  # (a socket or disk device is refused when written, in its own words)
    try:
        with output.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return True  # unreadable: writing it says why
    return not head.strip() or b'"urn:reader:collection:' in head


def _export_markdown(
    groups: Iterable[ArticleAnnotations],
    output: Path | None,
    as_folder: bool,
    exported: str,
    style: NoteStyle,
) -> None:
    from reader.core.export import Outcome, describe, to_markdown, write_note_file, write_notes
    from reader.core.files import is_stream, write_output

    if output is None:
        written = 0
        for group in groups:
            write_stdout(("\n" if written else "") + to_markdown(group, exported, style))
            written += 1
        if not written:  # said on standard error: standard output stays empty
            say("reader: nothing to export (no annotation matches)")
        return
    if as_folder:
        try:
            results = write_notes(groups, output, exported, style)
        except OSError as error:
            raise RuntimeFailure(
                f"{output}: cannot be written ({error.strerror or error})"
            ) from None
    else:
        first = list(itertools.islice(groups, 2))
        if len(first) != 1:
            count = len(first) + sum(1 for _ in groups)
            raise BadInput(
                f"-o {output}: a file takes exactly one article, but {count} match;"
                " give a folder (ending in /) to write one note per article"
            )
        if is_stream(output):  # a device or a pipe: the note goes straight into it
            try:
                write_output(output, to_markdown(first[0], exported, style).encode("utf-8"))
            except OSError as error:
                raise RuntimeFailure(
                    f"{output}: cannot be written ({error.strerror or error})"
                ) from None
            return
        results = [write_note_file(first[0], output, exported, style)]
    skipped = [result for result in results if result.outcome is Outcome.SKIPPED]
    for result in skipped:
        say(f"reader: skipped {result.path}: {result.reason}")
    say(f"exported notes to {output}: {describe(results)}")
    if skipped:
        raise SystemExit(1)
