"""The reading screen's header: the title and byline, how far the reader got, the highlights."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Label


def highlight_count(count: int) -> str:
    """ "no highlights", "1 highlight", "12 highlights"."""
    if count == 0:
        return "no highlights"
    return f"{count} highlight" if count == 1 else f"{count:,} highlights"


class ReaderHeader(Horizontal):
    """Title (and author, date, source under it) on the left; `35% · 4 highlights` right."""

    def __init__(self, title: str, byline: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = title
        self._byline = byline
        self._percent = 0
        self._highlights: int | None = None
        """None until the article's highlights have been read."""
        self._shown = self.status
        """The status as last shown."""
        self.set_class(bool(byline), "-with-byline")

    def compose(self) -> ComposeResult:
        # Content(...) is plain text: a title or byline is never parsed as markup.
        with Vertical(id="header-titles"):
            yield Label(Content(self._title), id="header-title")
            if self._byline:
                yield Label(Content(self._byline), id="header-byline")
        yield Label(Content(""), id="header-search")
        yield Label(Content(self.status), id="header-progress")

    @property
    def status(self) -> str:
        """What the right of the header says: how far the reader got, and the highlights."""
        count = self._highlights
        highlights = "reading highlights…" if count is None else highlight_count(count)
        return f"{self._percent}% read · {highlights}"

    def set_search(self, status: str) -> None:
        """Show where the reader is among search matches ("3/12"), or nothing."""
        self.query_one("#header-search", Label).update(Content(status))

    def set_progress(self, percent: int) -> None:
        """Show how far through the article the reader has got."""
        self._percent = percent
        self._show_status()

    def set_highlights(self, count: int) -> None:
        """Show how many highlights the article has."""
        self._highlights = count
        self._show_status()

    def _show_status(self) -> None:
        if not self.is_mounted:
            return
        label, status = self.query_one("#header-progress", Label), Content(self.status)
        if status.plain != self._shown:
            # The screen is laid out again only when the status changes width (a highlight
            # added as 9999 turn 10000), not for each change of its text.
            label.update(status, layout=status.cell_length != cell_len(self._shown))
            self._shown = status.plain
