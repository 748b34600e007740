"""Searching every annotation in the library: quotes, notes and tags, grouped by article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.core.annotations import Annotation, pattern_for
from reader.core.articles.text import collapse_whitespace
from reader.core.store import StoreError
from reader.ui.widgets.annotation_list import COLOR_STYLES, make_entry
from reader.ui.widgets.article_view import MARKS

MAX_RESULTS = 500
"""Results shown at most (the count says when there are more)."""


@dataclass(frozen=True)
class SearchHit:
    """A matching annotation and the article it belongs to."""

    annotation: Annotation
    article_title: str
    path: Path | None


def matching(
    annotations: Sequence[tuple[Annotation, str, Path | None]], query: str
) -> list[SearchHit]:
    """Annotations whose quote, note or tags match; `#tag` matches tags only (ignoring case)."""
    query = query.strip()
    if query.startswith("#") and len(query) > 1 and " " not in query:
        wanted = query[1:].casefold()
        return [
            SearchHit(item, title, path)
            for item, title, path in annotations
            if any(tag.casefold() == wanted for tag in item.tags)
        ]
    pattern = pattern_for(query)
    if pattern is None:
        return []
    return [
        SearchHit(item, title, path)
        for item, title, path in annotations
        if pattern.search(item.quote)
        or pattern.search(item.note)
        or any(pattern.search(tag) for tag in item.tags)
    ]


class SearchScreen(Screen[None]):
    """Type to search every annotation; enter opens the article at the chosen highlight."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", tooltip="Back to where you were", id="search-close"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._initial = query
        self._annotations: list[tuple[Annotation, str, Path | None]] = []
        self._hits: dict[str, SearchHit] = {}

    def compose(self) -> ComposeResult:
        yield Label(
            Content("Search every quote, note and tag (#tag: that tag only)"), id="search-title"
        )
        yield Input(self._initial, placeholder="words to find", id="search-query")
        yield OptionList(id="search-results")
        yield Footer()

    def on_mount(self) -> None:
        """Read every annotation once; searching is then instant."""
        app: Any = self.app
        library = app.library
        try:
            with library.store.reading() as view:
                records = {record.id: record for record in view.articles()}
                annotations = view.annotations()
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        for annotation in annotations:
            record = records.get(annotation.article_id)
            title = record.title if record is not None else annotation.article_id
            path = next(
                (
                    Path(seen.path)
                    for seen in (record.paths if record else ())
                    if Path(seen.path).is_file()
                ),
                None,
            )
            self._annotations.append((annotation, title, path))
        self.query_one("#search-query", Input).focus()
        self._show(self._initial)

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
        hits = matching(self._annotations, query)
        hits.sort(key=lambda hit: (hit.article_title.casefold(), _position(hit.annotation)))
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
                (MARKS[color], f"bold {COLOR_STYLES[color]}"),
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

    def open_hit(self, hit: SearchHit) -> None:
        """Open the hit's article with the cursor on its highlight."""
        from reader.core.library import LibraryEntry
        from reader.ui.screens.library_screen import MissingArticleScreen
        from reader.ui.screens.reader_screen import ReaderScreen

        app: Any = self.app
        library, settings = app.library, app.settings
        annotation = hit.annotation
        if hit.path is None:
            entry = LibraryEntry(annotation.article_id, hit.article_title, None, missing=True)
            self.app.switch_screen(MissingArticleScreen(entry, library))
            return
        try:
            article = library.open(hit.path)
        except Exception as error:  # the file may have become unreadable since it was listed
            self.notify(f"Cannot open: {error}", severity="error", markup=False)
            return
        self.app.switch_screen(
            ReaderScreen(article, library, settings, start_at=_position(annotation))
        )

    def action_close(self) -> None:
        """Back to where you were."""
        self.app.pop_screen()


def _position(annotation: Annotation) -> int:
    resolution = annotation.resolution
    if resolution is not None and not resolution.anchor.is_orphan:
        return resolution.anchor.start
    return annotation.target.position.start
