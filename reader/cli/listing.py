"""`reader list`, `reader tags` and `reader search`: the library's articles, tags and notes."""

from __future__ import annotations

from pathlib import Path

import click

from reader.cli.common import (
    BadInput,
    batch_command,
    examples,
    global_options,
    open_library,
    open_store,
    read_settings,
    reports_errors,
    say,
    write_stdout,
)

TITLE_WIDTH = 50
"""`reader list` cuts longer titles (with an ellipsis) so the columns line up."""


NOTE_LINES = 20
"""The lines of a note `reader search` prints (the rest is counted)."""


@click.command(
    "list",
    short_help="The articles, with highlights and progress.",
    epilog=examples(
        "reader list",
        "reader list --json | jq '.[].title'",
    ),
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@global_options
@reports_errors
@batch_command
def list_command(as_json: bool, db: Path | None, config: Path | None) -> None:
    """List the articles in the library with their number of highlights."""
    from reader.core.annotations import local_date

    read_settings(config)  # a --config that is missing or wrong is refused by every command
    from reader.core.articles.text import strip_unsafe
    from reader.core.library import list_library

    entries = list_library(open_library(db, write=False), [], include_known=True).entries
    entries.sort(key=lambda entry: (entry.title.casefold(), entry.article_id))
    rows = [
        {
            "id": entry.article_id,
            "title": entry.title,
            "path": str(entry.path) if entry.path is not None else entry.last_path,
            "highlights": entry.highlights,
            "progress": entry.progress,
            "last_opened": entry.last_opened,
            "missing": entry.missing and not entry.kind,  # a book never had a file here
            "kind": entry.kind or "article",
            "author": entry.author,
        }
        for entry in entries
    ]
    if as_json:
        from reader.core.files import pretty_json

        write_stdout(pretty_json(rows) + "\n", as_json=True)
        return
    from rich.cells import cell_len, set_cell_size

    titles = [strip_unsafe(str(row["title"])) for row in rows]
    width = min(TITLE_WIDTH, max([cell_len("Title"), *(cell_len(title) for title in titles)]))

    def cell(text: str) -> str:
        cut = text if cell_len(text) <= width else set_cell_size(text, width - 1) + "…"
        return set_cell_size(cut, width)

    lines = [f"Highlights  Read  Opened      {cell('Title')}  File"] if rows else []
    for row, title in zip(rows, titles, strict=True):
        flag = "  (file missing)" if row["missing"] else ""
        if row["kind"] != "article":
            by = f" by {strip_unsafe(str(row['author']))}" if row["author"] else ""
            flag = f"(a {'web page' if row['kind'] == 'page' else 'book'}{by}, no file)"
        opened = local_date(str(row["last_opened"])) or "—"  # the day where the user is
        lines.append(
            f"{row['highlights']:>10}  {row['progress']:>3}%  {opened:<10}  {cell(title)}"
            f"  {strip_unsafe(str(row['path']))}{flag}"
        )
    write_stdout("".join(line + "\n" for line in lines))


@click.command(
    "tags",
    short_help="Every tag and how often it is used.",
    epilog=examples(
        "reader tags",
        "reader tags --json",
    ),
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@global_options
@reports_errors
@batch_command
def tags_command(as_json: bool, db: Path | None, config: Path | None) -> None:
    """List every tag with how many annotations carry it."""
    read_settings(config)
    counts = open_store(db).tag_counts()
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    if as_json:
        rows = [{"tag": tag, "count": count} for tag, count in ordered]
        from reader.core.files import pretty_json

        write_stdout(pretty_json(rows) + "\n", as_json=True)
        return
    from reader.core.articles.text import strip_unsafe

    write_stdout("".join(f"{count:>5}  {strip_unsafe(tag)}\n" for tag, count in ordered))


@click.command(
    "search",
    short_help="Find words or a #tag in every annotation.",
    epilog=examples(
        "reader search sanctuary city",
        'reader search "#Salinity-Levels"',
        "reader search ecology --json",
    ),
)
@click.argument("words", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@global_options
@reports_errors
@batch_command
def search_command(
    words: tuple[str, ...], as_json: bool, db: Path | None, config: Path | None
) -> None:
    """Search the quotes, notes and tags of every annotation: those holding every one of
    WORDS, in any order and case ("a phrase" in quotes: its words in order; #tag: that tag
    only)."""
    query = " ".join(words)
    read_settings(config)
    from reader.core.annotations import tag_text
    from reader.core.articles.text import collapse_whitespace, strip_unsafe
    from reader.core.library import search_library

    if not query.split():
        raise BadInput("the search query is empty; give some words to look for")
    hits = search_library(open_store(db), query)
    if as_json:
        from reader.core.files import pretty_json_array

        rows = (
            {
                "article_id": hit.annotation.article_id,
                "article_title": hit.article_title,
                "id": hit.annotation.id,
                "quote": hit.annotation.quote,
                "note": hit.annotation.note,
                "tags": list(hit.annotation.tags),
                "color": hit.annotation.color.value,
            }
            for hit in hits
        )
        for piece in pretty_json_array(rows):
            write_stdout(piece, as_json=True)
        write_stdout("\n")
        return
    current = None
    for hit in hits:  # printed as found, an article at a time
        annotation = hit.annotation
        lines: list[str] = []
        if annotation.article_id != current:
            lines.append(("" if current is None else "\n") + strip_unsafe(hit.article_title))
            current = annotation.article_id
        quote = collapse_whitespace(strip_unsafe(annotation.quote))
        if annotation.has_passage:
            lines.append(f'  "{quote[:100]}{"…" if len(quote) > 100 else ""}"')
        else:
            lines.append("  (a note on the whole article)")
        # Every line of the note (the words found may be on any), up to a screenful.
        note = [line for line in annotation.note.splitlines() if line.strip()]
        lines.extend("    " + collapse_whitespace(strip_unsafe(line)) for line in note[:NOTE_LINES])
        if len(note) > NOTE_LINES:
            lines.append(f"    … ({len(note) - NOTE_LINES} more lines; --json has the whole note)")
        if annotation.tags:
            lines.append("    " + " ".join(strip_unsafe(tag_text(tag)) for tag in annotation.tags))
        write_stdout("".join(line + "\n" for line in lines))
    if current is None:  # said on stderr: standard output stays the (empty) list of results
        say(f"reader: no annotation matches {collapse_whitespace(strip_unsafe(query))!r}")
