"""`reader import`: annotations from a W3C Web Annotation JSON file."""

from __future__ import annotations

from pathlib import Path

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
)

MAX_IMPORT_BYTES = 1 << 30
"""An import file larger than this is refused (it is read whole)."""


@click.command(
    "import",
    short_help="Bring annotations back from W3C JSON.",
    epilog=examples(
        "reader import annotations.json",
        "reader import annotations.json article.md   # anchored in this article",
    ),
)
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--article",
    "articles",
    multiple=True,
    type=click.Path(path_type=Path),
    help="An article file or folder the import may read (besides those the library knows).",
)
@global_options
@reports_errors
@batch_command
def import_command(
    file: Path, articles: tuple[Path, ...], db: Path | None, config: Path | None
) -> None:
    """Import annotations from a W3C Web Annotation JSON file (or a JSON array of them)."""
    from reader.core.export import ImportFileError, parse_import_file
    from reader.core.files import FileTooLarge, NotRegularFile, read_regular_file
    from reader.core.library import import_annotations

    read_settings(config)
    try:
        raw = read_regular_file(file, MAX_IMPORT_BYTES)
    except FileNotFoundError:
        raise BadInput(f"{file}: no such file") from None
    except NotRegularFile as error:
        if error.kind == "a folder":
            raise BadInput(f"{file}: is a folder; give the JSON file to import") from None
        raise BadInput(f"{file}: is {error.kind}, not a file to import") from None
    except FileTooLarge:
        raise BadInput(f"{file}: is over 1 GiB; split it and import the parts") from None
    except OSError as error:
        raise BadInput(f"{file}: cannot be read ({error.strerror or error})") from None
    try:
        parsed = parse_import_file(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BadInput(f"{file}: is not UTF-8 text; nothing was imported") from None
    except ImportFileError as error:
        raise BadInput(f"{file}: {error}; nothing was imported") from None
    items, refused = parsed.items, parsed.refused
    if not items:
        reasons = refused or parsed.skipped or ["it holds no annotations"]
        raise BadInput(f"{file}: {reasons[0]}; nothing was imported")
    summary = import_annotations(open_store(db), items, file.absolute().parent, articles)
    for line in refused:  # one bad item never stops the good ones
        say(f"reader: refused {line}")
    extra = f", refused {len(refused)}" if refused else ""
    extra += f", skipped {len(parsed.skipped)} with no passage" if parsed.skipped else ""
    say(str(summary) + extra)
    if refused:
        raise SystemExit(1)
