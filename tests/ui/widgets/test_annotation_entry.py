"""How one annotation is put into a list's entry."""

from __future__ import annotations

from reader.core.anchoring import Target, TextPositionSelector, TextQuoteSelector
from reader.core.annotations import Annotation
from reader.ui.widgets.annotation_entry import entry_parts, make_entry


def _annotation(quote: str, note: str) -> Annotation:
    target = Target(TextQuoteSelector(quote), TextPositionSelector(0, len(quote)), "")
    return Annotation("id", "article", target, note=note)


def test_a_note_of_several_lines_says_there_is_more_on_its_first() -> None:
    entry = make_entry(_annotation("The sea.", "first thought\n\nsecond thought"))
    assert entry.note == "first thought …"
    assert entry.note_lines == ("first thought", "", "second thought")  # all of it, marked
    assert make_entry(_annotation("The sea.", "only one")).note == "only one"


def test_a_quote_of_several_lines_keeps_them_apart() -> None:
    quote, _, _ = entry_parts("line one\nline two", "", ())
    assert quote == "“line one / line two”"
