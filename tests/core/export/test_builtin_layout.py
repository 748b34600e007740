"""The export's fast paths make exactly what their plain forms make: the built-in layout in
Python the note its template file makes, a quote escaped whole its lines escaped one by one."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.export.builtin_layout import render_builtin
from reader.core.export.keep import SIGNATURE, keep_block
from reader.core.export.markdown import HighlightValues, SectionValues
from reader.core.export.markdown_text import block_quote, escape_text
from reader.core.export.note_template import default_template

_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
_MAYBE = st.one_of(st.just(""), _TEXT)


@st.composite
def _highlight(draw: st.DrawFn) -> HighlightValues:
    return HighlightValues(
        block_id="hl-" + draw(st.text("0123456789abcdef", min_size=8, max_size=8)),
        quote=draw(_TEXT),
        quote_block=draw(_MAYBE),
        color=draw(st.sampled_from(["yellow", "green"])),
        score=draw(st.one_of(st.none(), st.floats(0, 1))),
        tags=draw(st.lists(_TEXT, max_size=2)),
        details=draw(_MAYBE),
        note=draw(_MAYBE),
        kept=[keep_block(text) for text in draw(st.lists(_TEXT, max_size=2))],
        created="2026-01-01T00:00:00.000Z",
        updated="2026-01-01T00:00:00.000Z",
        repeat=draw(st.booleans()),
        link=draw(_MAYBE),
    )


_HIGHLIGHTS = st.lists(_highlight(), max_size=3)


@st.composite
def _values(draw: st.DrawFn) -> dict[str, Any]:
    sections = draw(
        st.lists(st.builds(SectionValues, _MAYBE, _HIGHLIGHTS), max_size=3),
    )
    return {
        "title": draw(_TEXT),
        "title_md": draw(_TEXT),
        "author": draw(_TEXT),
        "date": draw(st.sampled_from(["", "2026-01-02", "2026-01-02T04:04:05"])),
        "source": draw(_MAYBE),
        "source_link": draw(_MAYBE),
        "article_id": draw(_TEXT),
        "tags": draw(st.lists(_TEXT, max_size=3)),
        "count": draw(st.integers(0, 5)),
        "exported": "2026-01-02T04:04:05",
        "heading": draw(st.booleans()),
        "missing": draw(st.booleans()),
        "kind": draw(st.sampled_from(["", "book", "page"])),
        "imported_from": draw(st.sampled_from(["", "Kindle", "KOReader"])),
        "sections": sections,
        "orphans": draw(_HIGHLIGHTS),
        "article_notes": draw(_HIGHLIGHTS),
        "signature": SIGNATURE,
        "my_notes": [keep_block(text) for text in draw(st.lists(_TEXT, min_size=1, max_size=2))],
        "tail": draw(_MAYBE),
    }


@settings(max_examples=300, deadline=None)
@given(_values())
def test_the_python_layout_is_the_template(values: dict[str, Any]) -> None:
    """Every branch of the template (headings, kinds, repeats, kept text, orphans, notes on
    the article, my notes, a tail) comes out the same, character for character."""
    assert render_builtin(values) == default_template().render(values)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("ab -+1. \t\r\n*_#<&\x1b\u202e`"), max_size=30))
def test_a_quote_is_escaped_at_once_as_line_by_line(text: str) -> None:
    """Escaping a quote whole (as exports do, for speed) is escaping each of its lines."""
    lines = re.split(r"\r\n?|\n", text)
    assert block_quote(text) == "\n".join(f"> {escape_text(line)}".rstrip() for line in lines)
