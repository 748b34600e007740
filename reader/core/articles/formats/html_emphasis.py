"""Bold and italics of an HTML page, found on the canonical text main-text extraction made.

Extraction keeps the text and drops inline markup (asked to keep it, it changes the text's
spacing, and so every article's hash). The page is parsed once more, cheaply, for its
`<b>`, `<strong>`, `<i>` and `<em>`; each is looked for in the canonical text after the one
before it. A style only: a piece not found (it was in the page's navigation) is left out.
"""

from __future__ import annotations

from reader.core.articles.model import Emphasis

MAX_PAGE = 2 * 1024 * 1024
"""Pages larger than this are shown without their inline styles (the parse would cost)."""
NEAR = 2_000
"""A short emphasised piece is taken only this close after the one before (common words
such as "Note" must not be found far away)."""
SHORT = 12
_BOLD = frozenset({"b", "strong"})
_ITALIC = frozenset({"i", "em"})


def html_emphasis(raw: str, text: str) -> list[Emphasis]:
    """Where the page's bold and italic pieces are in `text`, in text order."""
    if len(raw) > MAX_PAGE:
        return []
    try:
        from lxml import etree
        from lxml import html as lxml_html

        root = lxml_html.fromstring(raw)
    except (ValueError, etree.ParserError, etree.XMLSyntaxError, RecursionError):
        return []
    found: list[Emphasis] = []
    cursor = 0
    try:
        elements = list(root.iter("b", "strong", "i", "em"))
    except RecursionError:
        return []
    for element in elements:
        piece = " ".join(element.text_content().split())
        if not piece:
            continue
        position = text.find(piece, cursor)
        if position == -1 or (len(piece) < SHORT and position - cursor > NEAR):
            continue
        tag = str(element.tag).lower()
        found.append(Emphasis(position, position + len(piece), tag in _BOLD, tag in _ITALIC))
        cursor = position  # a nested piece (<b><i>x</i></b>) comes at or after its parent
    return found
