"""HTML: main-text extraction with trafilatura, then its XML body turned into blocks."""

from __future__ import annotations

from typing import Any

from reader.core.articles.formats import ParsedDocument
from reader.core.articles.formats.html_text import page_text
from reader.core.articles.model import BlockKind, TextBuilder

_HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}


def _text_of(element: Any) -> str:
    """All text inside an element; `<lb/>` line breaks become newlines."""
    parts: list[str] = []
    if element.text:
        parts.append(element.text)
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        else:
            parts.append(_text_of(child))
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def _squash(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


class _BodyWalker:
    def __init__(self, builder: TextBuilder) -> None:
        self.builder = builder
        self.first_heading = ""

    def walk(self, element: Any, quote_depth: int = 0, list_depth: int = 0) -> None:
        for child in element:
            tag = child.tag
            if tag == "head":
                text = _squash(_text_of(child))
                self.first_heading = self.first_heading or text
                level = _HEADING_LEVELS.get(str(child.get("rend", "h2")), 2)
                self.builder.add(BlockKind.HEADING, text, level=level)
            elif tag == "quote":
                if len(child):
                    self.walk(child, quote_depth + 1, list_depth)
                    if child.text and child.text.strip():
                        self.builder.add(
                            BlockKind.QUOTE, _squash(child.text), level=quote_depth + 1
                        )
                else:
                    self.builder.add(
                        BlockKind.QUOTE, _squash(_text_of(child)), level=quote_depth + 1
                    )
            elif tag == "list":
                ordered = child.get("rend") == "ol"
                number = 1
                for item in child:
                    marker = f"{number}." if ordered else "-"
                    nested = [sub for sub in item if sub.tag == "list"]
                    for sub in nested:
                        item.remove(sub)
                    self.builder.add(
                        BlockKind.LIST_ITEM,
                        _squash(_text_of(item)),
                        level=list_depth + 1,
                        marker=marker,
                    )
                    number += 1
                    for sub in nested:
                        self.walk([sub], quote_depth, list_depth + 1)
            elif tag == "code":
                self.builder.add(BlockKind.CODE, _text_of(child))
            elif tag == "table":
                for row in child.iter("row"):
                    cells = [" ".join(_text_of(cell).split()) for cell in row]
                    self.builder.add(BlockKind.PARAGRAPH, " | ".join(cells))
            elif tag == "p" and quote_depth:
                self.builder.add(BlockKind.QUOTE, _squash(_text_of(child)), level=quote_depth)
            elif tag == "p" or tag not in ("graphic", "ref"):
                text = _squash(_text_of(child))
                self.builder.add(BlockKind.PARAGRAPH, text)


def parse_html(raw: str) -> ParsedDocument:
    """Extract an HTML page's main text, dropping navigation, scripts, ads and footers."""
    import trafilatura

    document: Any = trafilatura.bare_extraction(
        raw,
        with_metadata=True,
        include_formatting=False,
        include_links=False,
        include_images=False,
        include_tables=True,
        include_comments=False,
        deduplicate=False,
        favor_precision=False,
    )
    builder = TextBuilder()
    walker = _BodyWalker(builder)
    if document is not None and document.body is not None:
        try:
            walker.walk(document.body)
        except RecursionError:
            builder = TextBuilder()
    page_title = ""
    if not builder.blocks:
        # Pages too short for main-text extraction (a note, a stub) still deserve their text;
        # so do pages too large or too deep for its parser: a streaming walk keeps it all.
        page_title = page_text(raw, builder)
    title = (document.title if document is not None else None) or walker.first_heading
    title = title or page_title
    return ParsedDocument(
        builder.text(),
        builder.blocks,
        title=title or "",
        author=(document.author if document is not None else None) or "",
        source=(document.url if document is not None else None) or "",
    )
