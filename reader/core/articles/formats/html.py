"""HTML: main-text extraction with trafilatura, then its XML body turned into blocks."""

from __future__ import annotations

import re
from typing import Any

from reader.core.articles.formats import ParsedDocument
from reader.core.articles.formats.html_emphasis import html_emphasis
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


def _is_inline(element: Any) -> bool:
    """True when an element's children sit inside running text (text before them or between
    them): its whole text is one block, in order, not a block per child."""
    if element.text and element.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in element)


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
                if len(child) and not _is_inline(child):
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


_PAGE = re.compile(r"<(?:html|body|head)\b", re.IGNORECASE)


def _is_fragment(raw: str) -> bool:
    """True for a piece of HTML with no page around it (no <html>, <head> or <body>):
    main-text extraction, made for whole pages, drops parts of such a piece."""
    return _PAGE.search(raw, 0, 65_536) is None


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
        # The date from the page's metadata and markup only: htmldate's search through the
        # whole text runs dateparser, 20 ms a page (most of opening an HTML article).
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    builder = TextBuilder()
    walker = _BodyWalker(builder)
    if _is_fragment(raw):
        document = None  # no page around it: nothing to extract from, all of it is the text
    if document is not None and document.body is not None:
        body = document.body
        try:
            # A page that is one block (a bare <p>) comes back as that block, not a <body>:
            # it is walked as a block, or only its inline children (a <code>) would be kept.
            if body.tag != "body":
                walker.walk([body])
            elif _is_inline(body):
                builder.add(BlockKind.PARAGRAPH, _squash(_text_of(body)))
            else:
                walker.walk(body)
        except RecursionError:
            builder = TextBuilder()
    page_title = ""
    if not builder.blocks:
        # Pages too short for main-text extraction (a note, a stub) still deserve their text;
        # so do pages too large or too deep for its parser: a streaming walk keeps it all.
        page_title = page_text(raw, builder)
    text = builder.text()
    headings = (text[b.start : b.end] for b in builder.blocks if b.kind is BlockKind.HEADING)
    title = (
        (document.title if document is not None else None)
        or walker.first_heading
        or page_title
        or next(headings, "")
    )
    return ParsedDocument(
        text,
        builder.blocks,
        title=title or "",
        author=(document.author if document is not None else None) or "",
        date=(document.date if document is not None else None) or "",
        source=(document.url if document is not None else None) or "",
        emphasis=html_emphasis(raw, text),
    )
