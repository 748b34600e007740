"""The text of any HTML page, however large or deep: a streaming walk with no tree.

Main-text extraction builds a tree, and the parser behind it gives up on a page nested
100,000 `<div>`s deep or holding one 10 MB paragraph. Then this walk keeps the text: a new
paragraph at each block-level tag, nothing from scripts, styles or the head, headings kept.
"""

from __future__ import annotations

from html.parser import HTMLParser

from reader.core.articles.model import BlockKind, TextBuilder

_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_SKIPPED = frozenset({"script", "style", "head", "template", "noscript", "svg", "title"})
_HEADINGS = {f"h{level}": level for level in range(1, 7)}


class _TextWalker(HTMLParser):
    def __init__(self, builder: TextBuilder) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = builder
        self.parts: list[str] = []
        self.skipping = 0
        self.heading = 0
        self.preformatted = 0
        self.quoted = 0
        self.lists: list[int] = []
        """For each open list, the number of the next item (0: a bulleted list)."""
        self.marker = ""
        self.title = ""
        self._in_title = False

    def _flush(self) -> None:
        raw = "".join(self.parts)
        self.parts = []
        if self.preformatted:  # <pre>: its lines are kept as they are
            code = "\n".join(line.rstrip() for line in raw.strip("\n").split("\n"))
            if code.strip():
                self.builder.add(BlockKind.CODE, code)
            return
        text = " ".join(raw.split())
        if not text:
            return
        if self.heading:
            self.builder.add(BlockKind.HEADING, text, level=self.heading)
        elif self.marker:
            self.builder.add(BlockKind.LIST_ITEM, text, level=len(self.lists), marker=self.marker)
        elif self.quoted:
            self.builder.add(BlockKind.QUOTE, text, level=self.quoted)
        else:
            self.builder.add(BlockKind.PARAGRAPH, text)
        self.marker = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self._flush()
            self.heading = _HEADINGS.get(tag, 0)
            self.preformatted += tag == "pre"
            self.quoted += tag == "blockquote"
            if tag in ("ol", "ul"):
                self.lists.append(1 if tag == "ol" else 0)
            elif tag == "li" and self.lists:
                number = self.lists[-1]
                self.marker = f"{number}." if number else "-"
                self.lists[-1] = number + 1 if number else 0

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()
            self.heading = 0
            self.preformatted = max(0, self.preformatted - (tag == "pre"))
            self.quoted = max(0, self.quoted - (tag == "blockquote"))
            if tag in ("ol", "ul") and self.lists:
                self.lists.pop()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self.skipping:
            self.parts.append(data)


def page_text(raw: str, builder: TextBuilder) -> str:
    """Add the page's text to `builder` as paragraphs and headings; returns the page title."""
    walker = _TextWalker(builder)
    walker.feed(raw)
    walker.close()
    walker._flush()
    return " ".join(walker.title.split())
