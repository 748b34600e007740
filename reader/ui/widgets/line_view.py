"""The base of the line-API widgets: styles resolved once, strips cached within a bound."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, NamedTuple, TypeVar

from rich.style import Style
from textual import events
from textual.color import Color
from textual.scroll_view import ScrollView
from textual.strip import Strip

STRIP_CACHE_SIZE = 1024
"""Rendered rows kept at most (several screens' worth, whatever the document's length)."""


V = TypeVar("V")


class StripCache(Generic[V]):
    """Least-recently-used rendered rows (or groups of rows), by a key the widget chooses."""

    def __init__(self, size: int = STRIP_CACHE_SIZE) -> None:
        self._size = size
        self._strips: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable) -> V | None:
        """A cached row (and remember it was just used)."""
        strip = self._strips.get(key)
        if strip is not None:
            self._strips.move_to_end(key)
        return strip

    def put(self, key: Hashable, strip: V) -> None:
        """Keep a row, dropping the least recently used beyond the bound."""
        self._strips[key] = strip
        self._strips.move_to_end(key)
        while len(self._strips) > self._size:
            self._strips.popitem(last=False)

    def discard(self, key: Hashable) -> None:
        """Forget one row."""
        self._strips.pop(key, None)

    def clear(self) -> None:
        """Forget every row."""
        self._strips.clear()

    def __len__(self) -> int:
        return len(self._strips)


class Part(NamedTuple):
    """A component class's look over the widget: colours already blended onto its background
    (None where the class sets none), and its text style."""

    color: Color | None
    background: Color | None
    text_style: Style


class LineView(ScrollView):
    """A scrolling view that renders its own rows: styles and rows are cached and restyled
    when the focus or the theme changes (the cursor and the marked entry look different)."""

    ALLOW_SELECT = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.strips: StripCache[Strip] = StripCache()
        """Rendered rows."""
        self._styles: dict[Hashable, Style] = {}

    def cached_style(self, key: Hashable) -> Style | None:
        """A style computed before from the current theme and focus, if any."""
        return self._styles.get(key)

    def remember_style(self, key: Hashable, style: Style) -> Style:
        """Keep a computed style until the theme or focus changes."""
        self._styles[key] = style
        return style

    def part(self, component: str) -> Part:
        """How a component class looks on this widget now (see Part)."""
        _, _, background, _ = self.colors
        styles = self.get_component_styles(component)
        return Part(
            background + styles.color if styles.has_rule("color") else None,
            background + styles.background if styles.has_rule("background") else None,
            styles.text_style,
        )

    def restyle(self) -> None:
        """Forget styles and rows, and draw again."""
        self._styles.clear()
        self.strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        """Theme or CSS changed: rendered rows and styles are stale."""
        super().notify_style_update()
        self._styles.clear()
        self.strips.clear()

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        self.restyle()

    def _on_blur(self, event: events.Blur) -> None:
        super()._on_blur(event)
        self.restyle()
