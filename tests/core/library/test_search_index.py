"""The search index behind ctrl+f: the same answers as `reader search`, at typing speed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.anchoring import make_target
from reader.core.annotations import Annotation, AnnotationSummary, Color
from reader.core.library import Library, search_index, search_library
from reader.core.library.search_index import SearchedArticle, SearchIndex
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
        "director ice",
        "lucero people",
        '"ice director"',
        '"director ice"',
        "released custody three",
        '"two lines',
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


_WORDS = ["tide", "pool", "the", "court", "custody", "Tide-pool", "10", "101", "İstanbul"]


def _summary(number: int, quote: str, note: str, tags: tuple[str, ...]) -> AnnotationSummary:
    article = f"article-{number // 7}"
    return AnnotationSummary(
        f"id-{number}", article, quote, note, tags, Color.YELLOW, number, "", False
    )


@st.composite
def _index(draw: st.DrawFn) -> SearchIndex:
    phrase = st.lists(st.sampled_from(_WORDS), max_size=4).map(" ".join)
    rows = draw(
        st.lists(
            st.tuples(phrase, phrase, st.lists(st.sampled_from(_WORDS), max_size=2)),
            min_size=1,
            max_size=60,
        )
    )
    found = [_summary(n, quote, note, tuple(tags)) for n, (quote, note, tags) in enumerate(rows)]
    return SearchIndex(found, {item.article_id: SearchedArticle("A", None) for item in found})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _index(),
    st.sampled_from(
        [
            "the court",
            "tide-pool",
            "101",
            "custody ",
            "i̇stan",
            "Tide p",
            '"the court" 10',
            "pool tide",
        ]
    ),
)
def test_typing_a_letter_at_a_time_finds_what_the_whole_query_finds(
    index: SearchIndex, typed: str
) -> None:
    """Each letter's answer (slice by slice, or among the last letter's matches when they are
    few) is the answer of a search for the whole query, letters typed and then taken back."""
    ends = [*range(1, len(typed) + 1), *range(len(typed) - 1, 0, -1)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "SLICE", 5)  # several slices in every index drawn
        patch.setattr(search_index, "NARROW_BELOW", 2)  # narrowing taken whenever it may be
        last = None
        for end in ends:
            query = typed[:end]
            scan = index.scan(query, last)
            while not scan.done:
                scan.step()
            last = scan.result()
            whole = SearchIndex(index.found, index.articles).search(query)
            assert (last.numbers, last.articles) == (whole.numbers, whole.articles), query


def test_the_first_screenful_is_found_before_the_rest_is_scanned() -> None:
    """A scan stops once it has what was asked for: the rest is counted after."""
    found = [_summary(number, "the tide", "", ()) for number in range(10_000)]
    index = SearchIndex(found, {item.article_id: SearchedArticle("A", None) for item in found})
    scan = index.scan("tide")
    scan.run_until(40)
    partial = scan.result()
    assert not scan.done and not partial.complete
    assert partial.numbers[:40] == list(range(40)) and partial.total < 10_000
    while not scan.done:
        scan.step()
    assert scan.result().complete and scan.result().total == 10_000
