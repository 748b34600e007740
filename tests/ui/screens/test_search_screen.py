"""Searching every annotation, and the palette's jumps to articles and tags."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reader.core.anchoring import make_target
from reader.core.annotations import Annotation, Color
from reader.core.articles import Article
from reader.core.library import Library
from reader.core.store import AnnotationStore
from reader.settings import Settings
from reader.ui.app import ReaderApp
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.screens.search_screen import SearchScreen
from reader.ui.widgets.key_footer import KeyFooter
from tests.ui.conftest import SIZE, settle


def _annotate(store: AnnotationStore, article: Article, quote: str, **fields: Any) -> Annotation:
    start = article.text.index(quote)
    return store.add(
        Annotation(
            f"{quote[:4].lower()}-0000-4000-8000-000000000000".replace(" ", "x"),
            article.id,
            make_target(article.text, start, start + len(quote), article.hash),
            **fields,
        )
    )


def _copies(
    store: AnnotationStore,
    template: Annotation,
    count: int,
    fields: Callable[[int], dict[str, Any]],
) -> None:
    """`count` more annotations like `template` on its passage, with `fields(number)` changed,
    saved in one write."""
    from dataclasses import replace

    with store.writing() as tx:
        for number in range(count):
            tx.put(replace(template, id=f"copy-{number:04d}", **fields(number)))


def _seed(samples: list[Article], store: AnnotationStore) -> None:
    denver = next(article for article in samples if article.title.startswith("Denver officials"))
    tide = next(article for article in samples if article.format == "markdown")
    _annotate(store, denver, "Henry Lucero", note="The ICE director", tags=("people",))
    _annotate(store, denver, "law enforcement agency", color=Color.PINK, tags=("Policing",))
    _annotate(store, tide, "keystone species", note="Paine's idea", tags=("ecology", "policing"))


async def test_ctrl_f_finds_and_opens_at_the_highlight(
    samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """ctrl+f searches every article; results are grouped; enter opens the article there."""
    _seed(samples, store)
    app = ReaderApp(samples, library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"policing")
        screen = pilot.app.screen
        assert isinstance(screen, SearchScreen)
        results = screen.query_one("#search-results")
        prompts = [str(option.prompt) for option in results.options]  # type: ignore[attr-defined]
        assert prompts[0].startswith("Denver officials") and "law enforcement agency" in prompts[1]
        assert prompts[2].startswith("Reading a Tide Pool") and "keystone species" in prompts[3]
        await pilot.press("enter", "down", "enter")  # into the list, then to the Tide Pool hit
        await settle(pilot)
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen) and reader.article.format == "markdown"
        assert reader.view.cursor == reader.article.text.index("keystone species")


async def test_palette_jumps_to_a_tag_and_to_an_article(
    samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """The palette lists tags (showing their annotations) and articles (opening them)."""
    _seed(samples, store)
    app = ReaderApp(samples, library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Tag: #ecol")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SearchScreen)
        assert pilot.app.screen.query_one("#search-query").value == "#ecology"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"Open: night train")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen) and screen.article.format == "html"


async def _search_policing(pilot: Any) -> None:
    """Open the library search and look for "policing"."""
    await settle(pilot)
    await pilot.press("ctrl+f", *"policing")
    await pilot.pause()


def test_snapshot_search(
    snap_compare: Any, samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """The search screen: the query, results grouped under their article titles."""
    _seed(samples, store)

    assert snap_compare(
        ReaderApp(samples, library, Settings()), terminal_size=SIZE, run_before=_search_policing
    )


async def test_palette_runs_any_action(
    samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """Every key's action is in the palette under what it does: here, highlighting a sentence."""
    tide = next(article for article in samples if article.format == "markdown")
    async with ReaderApp([tide], library, Settings()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("}")
        await pilot.press("ctrl+p", *"Highlight the selection or sentence")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.saver.flush(5)
        [saved] = store.for_article(tide.id)
        assert saved.quote.startswith("Twice a day the sea pulls back")


def test_snapshot_search_light(
    snap_compare: Any, samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """The search screen in a light theme."""
    _seed(samples, store)

    app = ReaderApp(samples, library, Settings(theme="textual-light"))
    assert snap_compare(app, terminal_size=SIZE, run_before=_search_policing)


async def test_the_search_index_is_kept_between_searches_until_a_change(
    samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """A second ctrl+f answers from the index read by the first; a new highlight is found by
    the next search all the same."""
    _seed(samples, store)
    app = ReaderApp(samples, library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"policing")
        await settle(pilot)
        first = app.library_search.current()
        assert first is not None
        await pilot.press("escape", "ctrl+f")
        screen = pilot.app.screen
        assert isinstance(screen, SearchScreen)
        assert app.library_search.current() is first  # no read: the index is still the store's
        await pilot.press(*"keystone")
        results = screen.query_one("#search-results")
        assert "keystone species" in str(results.options[1].prompt)  # type: ignore[attr-defined]
        assert str(results.border_title) == "1 match in 1 article"
        await pilot.press("escape")
        tide = next(article for article in samples if article.format == "markdown")
        _annotate(store, tide, "Twice a day", note="keystone again")
        await pilot.press("ctrl+f", *"keystone")
        await settle(pilot)
        results = pilot.app.screen.query_one("#search-results")
        assert str(results.border_title) == "2 matches in 1 article"


async def test_results_come_a_page_at_a_time_as_the_highlight_nears_the_end(
    samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """A search matching 100 annotations lists the first 40; moving down the list brings the
    rest, and the count says 100 all along."""

    from reader.ui.screens.search_screen import PAGE

    denver = next(article for article in samples if article.title.startswith("Denver officials"))
    template = _annotate(store, denver, "Henry Lucero", note="page test")
    _copies(store, template, 99, lambda number: {"note": f"page test {number + 1}"})
    app = ReaderApp(samples, library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"page test")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SearchScreen)
        results = screen.query_one("#search-results")
        listed = [option for option in results.options if option.id]  # type: ignore[attr-defined]
        assert len(listed) == PAGE and str(results.border_title) == "100 matches in 1 article"
        await pilot.press("enter")
        for _ in range(99):
            await pilot.press("down")
        await settle(pilot)
        listed = [option for option in results.options if option.id]  # type: ignore[attr-defined]
        assert len(listed) == 100
        assert results.highlighted_option.id == listed[-1].id  # type: ignore[attr-defined]


async def test_each_result_line_fits_beside_the_scrollbar_at_any_width(
    samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """Long quotes and notes are cut to the width with an ellipsis, never wrapped (a wrapped
    line lost its last row once the scrollbar came), and listed again after a resize."""

    from rich.cells import cell_len

    denver = next(article for article in samples if article.title.startswith("Denver officials"))
    template = _annotate(store, denver, "Henry Lucero")
    long_note = "A note that runs on well past the edge of any screen " * 4
    _copies(store, template, 60, lambda number: {"note": long_note, "tags": ("wide",)})
    app = ReaderApp(samples, library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"#wide")
        await settle(pilot)
        for width in (SIZE[0], 90, 50):
            await pilot.resize_terminal(width, SIZE[1])
            await settle(pilot)
            results = pilot.app.screen.query_one("#search-results")
            room = results.content_region.width - results.styles.scrollbar_size_vertical
            prompts = [str(option.prompt) for option in results.options]  # type: ignore[attr-defined]
            assert len(prompts) > 40
            lines = [line for prompt in prompts for line in prompt.splitlines()]
            assert all(cell_len(line) <= room for line in lines), width
            assert any(line.rstrip().endswith("…") for line in lines)


async def test_escape_from_an_opened_result_comes_back_to_the_results(
    samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """A result opened from a search of the library: escape returns to the search with its
    query and results, to try the next one. A result in an article open already goes back to
    it, at the result (one article is never open twice)."""
    _seed(samples, store)
    app = ReaderApp(samples, library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"policing", "enter", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReaderScreen)
        await pilot.press("escape")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_one("#search-query").value == "policing"
        await pilot.press("end", "enter")  # the last result, in the other article
        await settle(pilot)
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen) and reader.article.format == "markdown"
        await pilot.press("home", "ctrl+f", *"keystone", "enter", "enter")  # in this article
        await settle(pilot)
        readers = [item for item in pilot.app.screen_stack if isinstance(item, ReaderScreen)]
        assert readers == [reader] and pilot.app.screen is reader  # gone back to, not again
        assert reader.view.cursor == reader.article.text.index("keystone species")


async def test_an_empty_list_of_results_says_why_and_what_to_do(
    samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """No query, no match, or no highlight at all: the list says so in words."""
    app = ReaderApp(samples, library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        results = pilot.app.screen.query_one("#search-results")
        assert "No highlights in the library yet" in str(results.options[0].prompt)  # type: ignore[attr-defined]
        await pilot.press("escape")
        _seed(samples, store)
        await pilot.press("ctrl+f")
        await settle(pilot)
        results = pilot.app.screen.query_one("#search-results")
        assert "Type words to find among 3 highlights" in str(results.options[0].prompt)  # type: ignore[attr-defined]
        await pilot.press(*"zebra crossing")
        assert "Nothing matches “zebra crossing”" in str(results.options[0].prompt)  # type: ignore[attr-defined]
        assert results.option_count == 1  # type: ignore[attr-defined]
        await pilot.press("escape", "ctrl+f")  # again: the index kept, the words as well
        await settle(pilot)
        results = pilot.app.screen.query_one("#search-results")
        assert "Type words to find among 3 highlights" in str(results.options[0].prompt)  # type: ignore[attr-defined]


async def test_back_in_the_query_a_letter_adds_to_it(
    samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """From the results, tab goes back to the query with the cursor at its end: the next
    letter refines the search instead of replacing it."""
    _seed(samples, store)
    app = ReaderApp(samples, library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"polic", "enter", "tab", *"ing")
        await settle(pilot)
        query = pilot.app.screen.query_one("#search-query")
        assert query.has_focus and query.value == "policing"  # type: ignore[attr-defined]


async def test_a_letter_typed_in_the_results_goes_to_the_query(
    samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """In the results, a letter (q and ? among them, the app's quit and help elsewhere) or a
    space is more of the query: typing on after enter never quits the app or opens help."""
    _seed(samples, store)
    app = ReaderApp(samples, library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"polic", "enter")
        await settle(pilot)
        assert pilot.app.screen.query_one("#search-results").has_focus
        shown = [item.key for item in pilot.app.screen.query_one(KeyFooter).items()]
        assert "q" not in shown and "question_mark" not in shown  # (they type, here)
        await pilot.press("q", "?", "space", "i")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SearchScreen) and pilot.app.is_running
        query = pilot.app.screen.query_one("#search-query")
        assert query.has_focus and query.value == "policq? i"  # type: ignore[attr-defined]


async def test_a_result_in_the_article_reader_was_started_on_opens_in_it(
    samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """Started on one file, a search's result in that file moves its cursor there: no second
    copy is opened over it (two copies each saved a reading position, and the stale one won)."""
    _seed(samples, store)
    tide = next(article for article in samples if article.format == "markdown")
    async with ReaderApp([tide], library, Settings()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        [reader] = [item for item in pilot.app.screen_stack if isinstance(item, ReaderScreen)]
        await pilot.press("ctrl+f", *"keystone", "enter", "enter")
        await settle(pilot)
        readers = [item for item in pilot.app.screen_stack if isinstance(item, ReaderScreen)]
        assert readers == [reader] and pilot.app.screen is reader
        assert reader.view.cursor == tide.text.index("keystone species")
        await pilot.press("escape")  # back to the results, as from any other result
        await settle(pilot)
        assert isinstance(pilot.app.screen, SearchScreen)
        assert pilot.app.screen.query_one("#search-query").value == "keystone"


async def test_down_from_the_query_goes_into_the_results(
    samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """Down in the query moves into the results, the first marked, as enter does."""
    _seed(samples, store)
    app = ReaderApp(samples, library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"policing", "down")
        await settle(pilot)
        results = pilot.app.screen.query_one("#search-results")
        assert results.has_focus and results.highlighted == 1  # type: ignore[attr-defined]


async def test_the_first_screenful_shows_before_every_match_is_counted(
    samples: list[Article], library: Library, store: AnnotationStore, monkeypatch: Any
) -> None:
    """A query's first screenful is listed at once and says the rest is being counted; the
    count of all of them comes after, and a newer letter ends the older count."""
    from reader.core.library import search_index

    monkeypatch.setattr(search_index, "SLICE", 3)
    waiting: list[Any] = []  # the counts left to go on with, held here to look in between
    original = SearchScreen.call_after_refresh

    def held(self: SearchScreen, go: Any, *args: Any) -> bool:
        if getattr(go, "__name__", "") != "_scan_more":
            return original(self, go, *args)
        waiting.append(args[0])
        return True

    monkeypatch.setattr(SearchScreen, "call_after_refresh", held)
    denver = next(article for article in samples if article.title.startswith("Denver officials"))
    template = _annotate(store, denver, "Henry Lucero", note="page test")
    _copies(store, template, 99, lambda number: {"note": f"page test {number + 1}"})
    app = ReaderApp(samples, library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"page tes")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SearchScreen)
        results = screen.query_one("#search-results")
        listed = [option for option in results.options if option.id]  # type: ignore[attr-defined]
        # Each result here is two rows (quote and note), under one heading: the list is full.
        assert 2 * len(listed) + 1 >= results.size.height
        found = re.fullmatch(r"(\d+)\+ matches, counting the rest…", str(results.border_title))
        assert found is not None and len(listed) <= int(found.group(1)) < 100
        older = waiting[-1]
        await pilot.press("t")
        await settle(pilot)
        newer = waiting[-1]
        assert newer is not older and not newer.done
        screen._scan_more(older)  # an older count that wakes up changes nothing
        assert not newer.done and str(results.border_title).endswith("counting the rest…")
        monkeypatch.setattr(SearchScreen, "set_timer", lambda self, delay, go: None)
        while not newer.done:
            screen._scan_more(newer)
        assert str(results.border_title) == "100 matches in 1 article"


async def test_counts_of_thousands_are_written_with_separators(
    samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """1,200 matches say "1,200" (as the library and the pane write counts), not "1200"."""
    denver = next(article for article in samples if article.title.startswith("Denver officials"))
    template = _annotate(store, denver, "Henry Lucero", note="many")
    _copies(store, template, 1199, lambda number: {"note": f"many {number}"})
    app = ReaderApp(samples, library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"many")
        await settle(pilot)
        results = pilot.app.screen.query_one("#search-results")
        assert str(results.border_title) == "1,200 matches in 1 article"
