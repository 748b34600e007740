"""Annotation keys pressed while the article's highlights are still being read are held and
applied once they are in, where they were pressed (such a key used to do nothing at all)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.core.articles import Article
from reader.core.library import Library
from reader.core.store import AnnotationStore
from reader.ui.app import ReaderApp
from reader.ui.registry import actions_needing_annotations
from reader.ui.screens.reader_screen import ReaderScreen
from tests.ui.conftest import SIZE, settle


def _held_reading(library: Library, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make reading the article's annotations wait until the returned event is set."""
    go_on = threading.Event()
    anchored = library.anchored

    def slow(article: Article) -> Any:
        assert go_on.wait(10)
        return anchored(article)

    monkeypatch.setattr(library, "anchored", slow)
    return go_on


def _screen(pilot: Pilot[None]) -> ReaderScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def test_every_key_that_needs_the_annotations_is_held_until_they_are_in() -> None:
    """The registry's "annotations" keys are exactly the ones the reading screen holds."""
    needing = actions_needing_annotations("ReaderScreen")
    assert {"highlight", "color", "note", "tags", "delete", "undo", "redo"} <= needing
    for name in needing:
        action = getattr(ReaderScreen, f"action_{name}")
        assert getattr(action, "waits_for_annotations", False), name


async def test_h_pressed_while_the_highlights_load_highlights_where_it_was_pressed(
    article: Article, library: Library, store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """h while "Loading highlights…" says it is held; once they are in, the sentence it was
    pressed on is highlighted (and saved), and the cursor stays where the reader moved it."""
    go_on = _held_reading(library, monkeypatch)
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = _screen(pilot)
        assert not screen.loaded
        await pilot.press("}", "h")
        pressed_at = screen.view.cursor
        await pilot.press("}", "}")
        moved_to = screen.view.cursor
        assert moved_to != pressed_at
        assert not screen.view.highlights
        assert any("applied as soon as" in str(toast.message) for toast in pilot.app._notifications)
        go_on.set()
        await settle(pilot)
        [highlight] = screen.session.annotations
        sentence = article.sentence_at(pressed_at)
        assert sentence is not None and highlight.resolution is not None
        assert (highlight.resolution.anchor.start, highlight.resolution.anchor.end) == sentence
        assert screen.view.cursor == moved_to
        assert screen.saver.flush(10)
    assert [saved.id for saved in store.for_article(article.id)] == [highlight.id]


async def test_a_selection_coloured_while_loading_is_coloured_once_loaded(
    article: Article, library: Library, store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """v, a move, then 3 (blue) while loading: the selection as it was is highlighted blue."""
    go_on = _held_reading(library, monkeypatch)
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = _screen(pilot)
        await pilot.press("}", "v", "w", "w", "3")
        selected = screen.view.selection
        assert selected is not None and not screen.loaded
        go_on.set()
        await settle(pilot)
        [highlight] = screen.session.annotations
        assert highlight.color.value == "blue" and highlight.resolution is not None
        anchor = highlight.resolution.anchor  # (a selection ending in a word takes all of it)
        assert anchor.start == selected[0] and anchor.end - selected[1] in (-1, 0, 1)


async def test_held_keys_are_dropped_with_a_message_when_the_annotations_cannot_be_read(
    article: Article, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database that cannot be read: the held key is not applied, and the reader is told."""
    go_on = threading.Event()

    def failing(read: Article) -> Any:
        assert go_on.wait(10)
        raise OSError("the disk went away")

    monkeypatch.setattr(library, "anchored", failing)
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("}", "h")
        go_on.set()
        await settle(pilot)
        said = [str(toast.message) for toast in pilot.app._notifications]
        assert any(line.startswith("The key was not applied") for line in said), said
        assert not _screen(pilot).session.annotations
