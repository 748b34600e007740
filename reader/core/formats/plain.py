"""Plain text: paragraphs separated by blank lines, hard-wrapped lines joined."""

from __future__ import annotations

import re

from reader.core.article import BlockKind, TextBuilder
from reader.core.formats import ParsedDocument

_PARAGRAPH_BREAK = re.compile(r"\n(?:[^\S\n]*\n)+")
MAX_TITLE_LENGTH = 150
"""A first line longer than this is a paragraph, not a title."""


def parse_plain(raw: str) -> ParsedDocument:
    """Split plain text into paragraphs; a short first line on its own is the title heading."""
    builder = TextBuilder()
    title = ""
    for index, paragraph in enumerate(_PARAGRAPH_BREAK.split(raw.strip("\n"))):
        lines = paragraph.split("\n")
        if index == 0 and not title:
            first = lines[0].strip()
            if first and len(first) <= MAX_TITLE_LENGTH:
                title = first
            if len(lines) == 1 and title and not first.endswith((".", ",", ";", ":")):
                builder.add(BlockKind.HEADING, first, level=1)
                continue
        builder.add(BlockKind.PARAGRAPH, " ".join(line.strip() for line in lines))
    return ParsedDocument(builder.text(), builder.blocks, title=title)
