"""One entry of the annotation list: the parts of an annotation it shows, measured once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len, set_cell_size

from reader.core.annotations import Annotation
from reader.core.annotations.source_facts import source_place
from reader.ui.reading.layout import cell_width


class Entry(NamedTuple):
    """One item of the list: an annotation, or (annotation None) the orphans' header."""

    annotation: Annotation | None
    quote: str
    """The quote on one line, in quotation marks."""
    note: str
    """The first non-blank line of the note."""
    tags: str
    quote_cells: int
    """Cells the quote takes on one row (known once, so layout is arithmetic)."""
    note_lines: tuple[str, ...] = ()
    """The whole note, shown for the marked entry (at most a dozen rows)."""


def entry_parts(quote: str, note: str, tags: Sequence[str]) -> tuple[str, str, str]:
    """An annotation's quote on one line in quotation marks (its lines kept apart by " / ",
    as verse is quoted), its note's first non-blank line (with " …" when more follows), and
    its tags as `#tag`s: as every list of annotations shows them."""
    quote_lines = [" ".join(words) for words in map(str.split, quote.splitlines()) if words]
    note_lines = [words for words in map(str.split, note.splitlines()) if words] if note else []
    first = " ".join(note_lines[0]) if note_lines else ""
    if len(note_lines) > 1:
        first += " …"
    shown_tags = " ".join("#" + tag.replace(" ", "-") for tag in tags)
    return f"“{' / '.join(quote_lines)}”", first, shown_tags


def make_entry(annotation: Annotation, whole: str = "article") -> Entry:
    """The parts of an annotation the list shows (`whole`: what a note with no passage is
    on); an imported one's place in its app leads its tags line ("Location 1234–1236")."""
    quote, note, tags = entry_parts(annotation.quote, annotation.note, annotation.tags)
    if not annotation.has_passage:
        quote = f"(a note on the whole {whole})"
    place = source_place(annotation)
    if place:
        tags = f"{place}  {tags}" if tags else place
    lines = tuple(line.rstrip() for line in annotation.note.strip("\n").splitlines())
    return Entry(annotation, quote, note, tags, cell_width(quote), lines)


HEADER_ENTRY = Entry(None, "", "", "", 0)
"""The entry that starts the orphans' section."""
NOTES_HEADER_ENTRY = Entry(None, "notes", "", "", 0)
"""The entry that starts the section of notes on the whole article (no passage)."""


def notes_header(whole: str) -> Entry:
    """The entry that starts the section of notes on the whole `whole` (article, book)."""
    return NOTES_HEADER_ENTRY if whole == "article" else Entry(None, f"notes {whole}", "", "", 0)


def fit(text: str, width: int) -> str:
    """`text` cut to `width` cells, with an ellipsis when something was cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)).rstrip() + "…"
