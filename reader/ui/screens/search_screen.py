"""Searching every annotation in the library: quotes, notes and tags, grouped by article."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.core.annotations import search_annotations, start_of
from reader.core.articles.text import collapse_whitespace
from reader.core.library import Hit, Library, annotations_with_articles
from reader.core.store import StoreError
from reader.ui.messages import OpenArticle
from reader.ui.registry import bindings_for
from reader.ui.widgets.annotation_entry import make_entry
from reader.ui.widgets.key_footer import KeyFooter
from reader.ui.widgets.palette import MARKS, variable

MAX_RESULTS = 500
"""Results shown at most (the count says when there are more)."""


class SearchScreen(Screen[None]):
    """Type to search every annotation; enter opens the article at the chosen highlight."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("SearchScreen")

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._initial = query
        self._everything: list[Hit] = []
        self._hits: dict[str, Hit] = {}

    def compose(self) -> ComposeResult:
        yield Label(
            Content("Search every quote, note and tag (#tag: that tag only)"), id="search-title"
        )
        yield Input(self._initial, placeholder="words to find", id="search-query")
        yield OptionList(id="search-results")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Read every annotation once, off the UI thread; searching is then instant."""
        self.query_one("#search-query", Input).focus()
        self._read_library()

    @work(thread=True, exclusive=True, group="search-library")
    def _read_library(self) -> None:
        library: Library = getattr(self.app, "library")  # noqa: B009
        try:
            everything = annotations_with_articles(library.store)
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._library_read, everything)

    def _library_read(self, everything: list[Hit]) -> None:
        self._everything = everything
        self._show(self.query_one("#search-query", Input).value)

    @on(Input.Changed, "#search-query")
    def _typed(self, message: Input.Changed) -> None:
        self._show(message.value)

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            results.focus()
            if results.highlighted is None:
                results.action_first()

    def _show(self, query: str) -> None:
        hits = list(search_annotations(self._everything, query, lambda hit: hit.annotation))
        shown = hits[:MAX_RESULTS]
        self._hits = {hit.annotation.id: hit for hit in shown}
        options: list[Option | None] = []
        current = None
        for hit in shown:
            if hit.article_title != current:
                current = hit.article_title
                missing = "" if hit.path is not None else "  (file missing)"
                options.append(
                    Option(
                        Content.assemble((hit.article_title + missing, "bold $accent")),
                        disabled=True,
                    )
                )
            entry = make_entry(hit.annotation)
            color = hit.annotation.color
            parts: list[Content | str | tuple[str, str]] = [
                "  ",
                (MARKS[color], f"bold ${variable(color)}"),
                " ",
                collapse_whitespace(entry.quote)[:160],
            ]
            if entry.note:
                parts.extend(["\n    ", (entry.note[:120], "italic")])
            if entry.tags:
                parts.extend(["\n    ", (entry.tags, "$accent")])
            options.append(Option(Content.assemble(*parts), id=hit.annotation.id))
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options(options)
        more = f" (first {MAX_RESULTS} shown)" if len(hits) > MAX_RESULTS else ""
        articles = len({hit.annotation.article_id for hit in hits})
        status = (
            f"{len(hits)} match{'es' if len(hits) != 1 else ''} in {articles}"
            f" article{'s' if articles != 1 else ''}{more}"
            if query.strip()
            else ""
        )
        results.border_title = Content(status) if status else None

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        hit = self._hits.get(message.option_id or "")
        if hit is not None:
            self.open_hit(hit)

    def open_hit(self, hit: Hit) -> None:
        """Open the hit's article with the cursor on its highlight."""
        annotation = hit.annotation
        self.post_message(
            OpenArticle(
                annotation.article_id,
                hit.path,
                start_at=start_of(annotation),
                title=hit.article_title,
            )
        )

    def action_close(self) -> None:
        """Back to where you were."""
        self.app.pop_screen()
