"""The search index behind ctrl+f: the same answers as `reader search`, at typing speed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.core.anchoring import make_target
from reader.core.annotations import Annotation, Color
from reader.core.library import Library, search_library
from reader.core.library.search_index import SearchIndex
from reader.core.store import AnnotationStore
from tests.conftest import AP_ARTICLE, MD_ARTICLE

QUOTES = {
    AP_ARTICLE: [
        ("Henry Lucero", "The ICE director", ("people",)),
        ("law enforcement agency", "", ("Policing", "Salinity-Levels")),
        ("sanctuary", "a note\nover two lines", ()),
        ("Three were released from custody", "", ("custody",)),
    ],
    MD_ARTICLE: [
        ("keystone species", "Paine's idea", ("ecology", "policing")),
        ("tide pool", "", ()),
    ],
}


@pytest.fixture
def library(file_store: AnnotationStore, tmp_path: Path) -> Library:
    """Two articles with a few annotations each, some with notes and tags."""
    library = Library(file_store)
    for source, quotes in QUOTES.items():
        path = tmp_path / source.name
        shutil.copy(source, path)
        article = library.open(path)
        for number, (quote, note, tags) in enumerate(quotes):
            start = article.text.lower().index(quote.lower())
            file_store.add(
                Annotation(
                    f"{article.id[:6]}-{number}",
                    article.id,
                    make_target(article.text, start, start + len(quote), article.hash),
                    color=list(Color)[number % 4],
                    note=note,
                    tags=tags,
                )
            )
    return library


@pytest.mark.parametrize(
    "query",
    [
        "policing",
        "POLICING",
        "#policing",
        "#Salinity Levels",
        "salinity levels",
        "salinity-levels",
        "custody",
        "over two",
        "over  \n two",
        "a",
        "the ice director",
        "#",
        "-",
        "zzz",
    ],
)
def test_the_index_finds_what_reader_search_finds(library: Library, query: str) -> None:
    """Every kind of query gives the annotations `reader search` gives, in the same order."""
    index = SearchIndex.read(library.store)
    expected = [hit.annotation.id for hit in search_library(library.store, query)]
    result = index.search(query)
    assert [found.id for found in result.hits()] == expected
    assert result.total == len(expected)


def test_counts_cover_every_match_when_only_some_are_given(library: Library) -> None:
    """A page is part of the list; the counts are of all of it."""
    index = SearchIndex.read(library.store)
    result = index.search("e")
    assert len(result.hits(0, 2)) == 2 and result.total == 6 and result.articles == 2
    assert result.hits(0, 2) + result.hits(2, 4) + result.hits(4) == result.hits()
    assert len(index) == 6


def test_a_stored_separator_never_reaches_into_another_annotation(library: Library) -> None:
    """Control characters in a stored quote (an import could bring them) are not the index's
    separators: a query can match only within one annotation's own text."""
    store = library.store
    [first, *_] = store.annotations()
    store.update(_with_note(first, "ab\x003\x02cd"))
    index = SearchIndex.read(store)
    for query in ("ab", "cd", "ab3cd"):
        expected = [hit.annotation.id for hit in search_library(store, query)]
        assert [found.id for found in index.search(query).hits()] == expected
    assert [found.id for found in index.search("ab").hits()] == [first.id]


def test_progress_is_told_article_by_article(library: Library) -> None:
    """Reading reports each article done, up to all of them."""
    told: list[tuple[int, int]] = []
    SearchIndex.read(library.store, lambda done, of: told.append((done, of)))
    assert told == [(1, 2), (2, 2)]


def _with_note(annotation: Annotation, note: str) -> Annotation:
    from dataclasses import replace

    return replace(annotation, note=note)


def test_a_query_of_digits_finds_only_annotations_holding_them(library: Library) -> None:
    """Each annotation is followed by its number in the index: a query of digits finds the
    annotations whose words hold them, never the one after a number it happens to match."""
    store = library.store
    [first, second, *_] = store.annotations()
    store.update(_with_note(first, "room 101"))
    index = SearchIndex.read(store)
    for query in ("1", "0", "101", "2", "3"):
        expected = [hit.annotation.id for hit in search_library(store, query)]
        assert [found.id for found in index.search(query).hits()] == expected, query


def test_the_index_is_kept_until_an_annotation_changes(library: Library) -> None:
    """A reading position saved keeps the index; a new note, here or in another copy of the
    store, has it read again."""
    from reader.core.library.search_index import LibrarySearch

    store = library.store
    search = LibrarySearch(store)
    first = search.read()
    [annotation, *_] = store.annotations()
    store.set_reading_position(annotation.article_id, 120, 10)
    assert search.current() is first and search.read() is first
    store.update(_with_note(annotation, "a word found later: quixotic"))
    assert search.current() is None
    assert [found.id for found in search.read().search("quixotic").hits()] == [annotation.id]
    other = AnnotationStore.open(store.path)  # type: ignore[arg-type]
    other.update(_with_note(annotation, "and then: zephyr"))
    assert search.current() is None
    assert search.read().search("zephyr").total == 1


def test_folding_agrees_with_a_case_blind_match_letter_by_letter() -> None:
    """Two letters fold alike exactly when a case-blind regular expression (`reader
    search`'s rule) takes one for the other: Turkish İ and ı, final sigma, the long s and
    every other letter with case, checked against each letter's other cases."""
    import importlib
    import re

    casefix = importlib.import_module("re._casefix")  # the pairs case-blind matching adds

    from reader.core.library.search_index import fold

    for point in range(0x30000):
        letter = chr(point)
        others = {letter.lower(), letter.upper(), letter.casefold(), letter.title()}
        others.update(map(chr, casefix._EXTRA_CASES.get(ord(letter.lower()[0]), ())))
        for other in others:
            if len(other) != 1:
                continue
            blind = re.fullmatch(re.escape(letter), other, re.IGNORECASE) is not None
            assert blind == (fold(letter) == fold(other)), (hex(point), other)


@pytest.mark.parametrize(
    ("stored", "query"),
    [("Trip to İstanbul by night train", "istanbul"), ("ΛΌΓΟΣ", "λόγοσ"), ("ıspanak", "ISPANAK")],
)
def test_letters_of_other_scripts_are_found_as_reader_search_finds_them(
    library: Library, stored: str, query: str
) -> None:
    """A note in Turkish or Greek is found by ctrl+f exactly when `reader search` finds it."""
    store = library.store
    [first, *_] = store.annotations()
    store.update(_with_note(first, stored))
    expected = [hit.annotation.id for hit in search_library(store, query)]
    assert expected == [first.id]
    assert [found.id for found in SearchIndex.read(store).search(query).hits()] == expected


def test_an_orphan_is_marked_and_found_where_it_was_made(library: Library) -> None:
    """An annotation whose text is gone from its article is listed as such, and opens at the
    place it was made (not at its last place, which it has none of)."""
    from dataclasses import replace

    from reader.core.anchoring import ORPHAN
    from reader.core.annotations import Resolution

    store = library.store
    [first, second, *_] = store.annotations()
    store.update(replace(first, resolution=Resolution("another text", ORPHAN, first.quote)))
    found = {item.id: item for item in SearchIndex.read(store).found}
    assert found[first.id].orphan and found[first.id].start == first.target.position.start
    assert not found[second.id].orphan
