"""Painting one row of the article: text, highlights, the sentence, the selection, matches.

Styles come from the view's component classes, blended over its background and cached until
the theme or the focus changes. Text is only ever drawn as plain segments, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.css.styles import RenderStyles as TextualStyles
from textual.strip import Strip

from reader.core.annotations import Color
from reader.core.articles import BlockKind
from reader.core.articles.model import Emphasis
from reader.ui.reading.layout import Row, block_prefix
from reader.ui.widgets.palette import MARKS

if TYPE_CHECKING:
    from reader.ui.widgets.article_view import ArticleView

_KIND_COMPONENTS = {
    BlockKind.QUOTE: "quote",
    BlockKind.CODE: "code",
}


class RowPainter:
    """Draws rows of one article view."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self._emphasis: dict[int, list[Emphasis]] | None = None

    def _emphasis_in(self, block: int) -> list[Emphasis]:
        """The article's bold and italic stretches in one block (grouped on first use)."""
        if self._emphasis is None:
            article = self.view.article
            grouped: dict[int, list[Emphasis]] = {}
            for span in article.emphasis:
                index = article.block_index_at(span.start)
                if index is not None:
                    grouped.setdefault(index, []).append(span)
            self._emphasis = grouped
        return self._emphasis.get(block, [])

    def _component(self, name: str) -> TextualStyles:
        return self.view.get_component_styles(f"article-view--{name}")

    def _char_style(
        self,
        kind: str,
        color: Color | None,
        sentence: bool,
        selected: bool,
        cursor: bool,
        match: int = 0,
        emphasis: int = 0,
    ) -> Style:
        """The style of one character, layering translucent backgrounds over the view's own.

        `match` is 1 inside a search match and 2 inside the current one; `emphasis` is the
        article's own bold (1) and italics (2).
        """
        key = (kind, color, sentence, selected, cursor, match, emphasis)
        style = self.view.cached_style(key)
        if style is not None:
            return style
        _, _, background, _ = self.view.colors
        kind_styles = self._component(kind)
        foreground = background + kind_styles.color  # a translucent colour is blended
        text_style = kind_styles.text_style
        if color is not None:
            highlight = self._component(color.value)
            background = background + highlight.background
            foreground = background + highlight.color
            text_style = text_style + highlight.text_style
        if sentence:
            background = background + self._component("sentence").background
        if match:
            found = self._component("match-current" if match == 2 else "match")
            background = background + found.background
            text_style = text_style + found.text_style
        if selected:
            text_style = text_style + self._component("selection").text_style
        if emphasis:
            text_style = text_style + Style(bold=bool(emphasis & 1) or None)
            text_style = text_style + Style(italic=bool(emphasis & 2) or None)
        if cursor:
            cursor_style = self._component("cursor").text_style
            if selected and cursor_style.reverse:
                # Reverse on reverse would hide the cursor inside the selection.
                cursor_style = Style(underline=True, bold=True)
            text_style = text_style + cursor_style
        style = Style(color=foreground.rich_color, bgcolor=background.rich_color) + text_style
        return self.view.remember_style(key, style)

    def mark_style(self, color: Color) -> Style:
        """The margin mark of a highlight: its colour (legible), on the view's background."""
        key = ("mark", color)
        style = self.view.cached_style(key)
        if style is None:
            _, _, background, _ = self.view.colors
            mark = background + self._component(f"mark-{color.value}").color
            style = Style(color=mark.rich_color, bgcolor=background.rich_color, bold=True)
            self.view.remember_style(key, style)
        return style

    def row(self, row: Row, base: Style) -> Strip:
        """The segments of one row, before it is fitted to the view's width."""
        view = self.view
        padding = Segment(" " * view.left_padding(), base)
        if row.block == -1:
            return Strip([padding])
        block = view.article.blocks[row.block]
        text = view.article.text[row.start : row.end].replace("\n", " ")
        length = len(text)
        # Per character: the colour of the shortest highlight over it, and the other layers.
        colors: list[Color | None] = [None] * length
        overlapping = view.spans.overlapping(row.start, row.end)
        for span in sorted(overlapping, key=lambda item: item.start - item.end):
            low, high = _clip(row, span.start, span.end)
            colors[low:high] = [span.color] * (high - low)
        selection = view.selection
        in_selection = [False] * length
        in_sentence = [False] * length
        if selection is not None:
            low, high = _clip(row, *selection)
            in_selection[low:high] = [True] * (high - low)
        else:
            sentence = view.article.sentence_at(view.cursor)
            if sentence is not None:
                low, high = _clip(row, *sentence)
                in_sentence[low:high] = [True] * (high - low)
        matched = [0] * length
        for match in view.found.spans.overlapping(row.start, row.end):
            low, high = _clip(row, match.start, match.end)
            layer = 2 if match == view.found.current else 1
            matched[low:high] = [layer] * (high - low)
        cursor = view.cursor - row.start if row.start <= view.cursor < row.end else -1
        kind = _KIND_COMPONENTS.get(block.kind, "text")
        if block.kind is BlockKind.HEADING:  # levels look apart: 1, 2, and 3 or deeper
            kind = f"heading-{min(3, max(1, block.level or 2))}"
        emphasis = [0] * length
        for stretch in self._emphasis_in(row.block):
            low, high = _clip(row, stretch.start, stretch.end)
            flag = (1 if stretch.bold else 0) | (2 if stretch.italic else 0)
            for position in range(low, high):
                emphasis[position] |= flag
        styles = [
            self._char_style(
                kind,
                colors[i],
                in_sentence[i],
                in_selection[i],
                i == cursor,
                matched[i],
                emphasis[i],
            )
            for i in range(length)
        ]
        segments = [padding]
        if overlapping:
            shortest = min(overlapping, key=lambda item: item.end - item.start)
            segments.append(Segment(MARKS[shortest.color], self.mark_style(shortest.color)))
        else:
            segments.append(Segment(" ", base))
        segments.append(Segment(" ", base))
        prefix = block_prefix(block, row.first)
        if prefix:
            segments.append(Segment(prefix, self._char_style("prefix", None, False, False, False)))
        segments.extend(_group(text, styles))
        return Strip(segments)


def _clip(row: Row, start: int, end: int) -> tuple[int, int]:
    """`[start, end)` as positions within a row's text (empty when they do not meet)."""
    low = max(start, row.start) - row.start
    high = min(end, row.end) - row.start
    return low, max(low, high)


def _group(text: str, styles: list[Style]) -> list[Segment]:
    """Join runs of equally styled characters into segments (plain text, never markup)."""
    segments: list[Segment] = []
    if not text:
        return segments
    run_start = 0
    for position in range(1, len(text) + 1):
        if position == len(text) or styles[position] != styles[run_start]:
            segments.append(Segment(text[run_start:position], styles[run_start]))
            run_start = position
    return segments
