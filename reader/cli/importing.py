"""`reader import`: highlights from Kindle, KOReader, Hypothesis, Readwise and W3C JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from reader.cli.common import (
    BadInput,
    batch_command,
    examples,
    global_options,
    open_store,
    read_settings,
    reports_errors,
    say,
    write_stdout,
)
from reader.cli.import_report import ImportTotals, report_lines, report_rows

if TYPE_CHECKING:
    from reader.core.store import AnnotationStore

FORMAT_NAMES = ("kindle", "koreader", "hypothesis", "readwise", "w3c")


@click.command(
    "import",
    short_help="Bring highlights in from Kindle, KOReader, Hypothesis, Readwise or W3C JSON.",
    epilog=examples(
        'reader import "/media/Kindle/documents/My Clippings.txt"',
        "reader import /media/KOBOeReader      # every KOReader sidecar on the device",
        "reader import hypothesis.json --dry-run",
        "reader import readwise.csv --timezone Europe/Lisbon",
        "reader import annotations.json --article article.md   # anchored in this article",
    ),
)
@click.argument(
    "paths", nargs=-1, required=True, metavar="FILE|FOLDER...", type=click.Path(path_type=Path)
)
@click.option(
    "--format",
    "forced",
    type=click.Choice(FORMAT_NAMES),
    help="Read every file as this format (found from the content otherwise).",
)
@click.option("--dry-run", is_flag=True, help="Say what would be imported; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option(
    "--timezone",
    "zone_name",
    metavar="ZONE",
    help="The zone Kindle and KOReader times were written in (this machine's by default).",
)
@click.option(
    "--keep-discarded", is_flag=True, help="Import Readwise highlights tagged `discard` too."
)
@click.option(
    "--article",
    "articles",
    multiple=True,
    type=click.Path(path_type=Path),
    help="An article file or folder a W3C import may read (besides those the library knows).",
)
@global_options
@reports_errors
@batch_command
def import_command(
    paths: tuple[Path, ...],
    forced: str | None,
    dry_run: bool,
    as_json: bool,
    zone_name: str | None,
    keep_discarded: bool,
    articles: tuple[Path, ...],
    db: Path | None,
    config: Path | None,
) -> None:
    """Import highlights and notes from FILE or FOLDER… (a Kindle `My Clippings.txt`, KOReader
    sidecars or a device holding them, Hypothesis JSON, a Readwise CSV, reader's W3C JSON).

    Each item is imported on its own: what can be imported is, and the report says, per
    reason, what was not. Importing a file again adds only what is new, updates what changed
    at the source (never a field edited here since), and leaves deleted what was deleted here.
    """
    from reader.core.imports import read_import_paths
    from reader.core.imports.times import zone_named

    read_settings(config)
    zone = None
    if zone_name:
        try:
            zone = zone_named(zone_name)
        except ValueError as error:
            raise BadInput(f"--timezone: {error}") from None
    found = read_import_paths(paths, forced, zone, keep_discarded)
    totals = ImportTotals(
        dry_run=dry_run, formats=found.formats, unknown=found.unknown, unreadable=found.unreadable
    )
    if not found.formats:
        if as_json:
            write_stdout(_json(report_rows(totals)), as_json=True)
        first = (found.unreadable + found.unknown or ["nothing to import"])[0]
        raise BadInput(f"{first}; nothing was imported")
    totals.add_parse(found.report)
    store = open_store(db)
    if dry_run and store.path is not None and not store.path.exists():
        from reader.core.store import AnnotationStore

        store = AnnotationStore.in_memory()  # nothing to compare with, and nothing to create
    for path, text in found.w3c:
        _import_w3c(store, path, text, articles, dry_run, totals)
    if found.report.items:
        from reader.core.library.from_apps import import_foreign

        totals.add_foreign(import_foreign(store, found.report.items, dry_run))
    if as_json:
        write_stdout(_json(report_rows(totals)), as_json=True)
    else:
        for line in report_lines(totals):
            say(line)
    if totals.refused:
        raise SystemExit(1)


def _json(rows: dict[str, Any]) -> str:
    import json

    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _import_w3c(
    store: AnnotationStore,
    path: Path,
    text: str,
    articles: tuple[Path, ...],
    dry_run: bool,
    totals: ImportTotals,
) -> None:
    """One W3C JSON file: its good items imported, its bad ones refused, one line each."""
    from reader.core.export import ImportFileError, parse_import_file
    from reader.core.library import import_annotations

    try:
        parsed = parse_import_file(text.lstrip("\ufeff"))
    except ImportFileError as error:
        if len(totals.formats) == 1 and totals.formats.get("w3c") == 1:
            raise BadInput(f"{path}: {error}; nothing was imported") from None
        totals.refused.append(f"{path}: {error}")
        return
    if (
        not parsed.items
        and not parsed.deleted
        and totals.formats.get("w3c") == 1
        and len(totals.formats) == 1
    ):
        reasons = parsed.refused or parsed.skipped or ["it holds no annotations"]
        raise BadInput(f"{path}: {reasons[0]}; nothing was imported")
    summary = import_annotations(
        store,
        parsed.items,
        path.absolute().parent,
        articles,
        dry_run=dry_run,
        deleted=parsed.deleted,
    )
    totals.add_w3c(summary, [f"{path}: {line}" for line in parsed.refused], len(parsed.skipped))
