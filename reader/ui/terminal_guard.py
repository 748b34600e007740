"""The last gate before the terminal: no character from data may act on it.

Text enters the program cleaned (articles, imports, settings), but a screen can show text from
many places: a database written by an older version, a file name, an error message. Every row
Textual writes passes through `Strip.render`; this guard removes, from the text of each
segment, the controls, DEL, C1 codes and bidi overrides that would otherwise reach the
terminal raw. Textual's own escape sequences are made from styles, not from segment text, so
they are untouched.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.segment import Segment
from textual.strip import Strip

from reader.core.articles.text import has_unsafe, remove_unsafe

_INSTALLED = "_reader_terminal_guard"


def install() -> None:
    """Put the guard in front of Textual's rendering of rows (once per process)."""
    original = Strip.render
    if getattr(original, _INSTALLED, False):
        return

    def render(self: Strip, console: Console) -> str:
        segments: list[Segment] = self._segments
        if self._render_cache is None and any(has_unsafe(segment.text) for segment in segments):
            self._segments = [
                Segment(remove_unsafe(text), style, control) for text, style, control in segments
            ]
            try:
                return original(self, console)
            finally:
                self._segments = segments
        return original(self, console)

    guarded: Any = render
    setattr(guarded, _INSTALLED, True)
    Strip.render = guarded  # type: ignore[method-assign]
