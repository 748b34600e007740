"""KOReader sidecars and the Lua table parser that reads them without running them."""

from __future__ import annotations

import math
from datetime import UTC

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotations import Color
from reader.core.imports.koreader import parse_sidecar
from reader.core.imports.lua_table import LuaError, parse_lua_table

NEW = r"""-- we can read Lua syntax here!
return {
    ["doc_props"] = {
        ["authors"] = "First Author\
Second Author",
        ["title"] = "A Book",
        ["identifiers"] = "urn:isbn:9780000000002",
    },
    ["partial_md5_checksum"] = "0123456789abcdef0123456789abcdef",
    ["annotations"] = {
        [2] = {
            ["chapter"] = "Two",
            ["color"] = "olive",
            ["datetime"] = "2024-08-02 10:00:00",
            ["datetime_updated"] = "2024-08-03 11:00:00",
            ["drawer"] = "strikeout",
            ["note"] = "my note",
            ["pageno"] = 12,
            ["pos0"] = "/body/p[2]/text().0",
            ["pos1"] = "/body/p[2]/text().20",
            ["text"] = "line one\
line two",
            ["text_edited"] = true,
        },
        [1] = {
            ["chapter"] = "One",
            ["datetime"] = "2024-08-01 09:00:00",
            ["page"] = "/body/p[1]/img.0",
            ["pageno"] = 3,
            ["text"] = "in One",
        },
        [3] = {
            ["datetime"] = "2024-08-04 09:00:00",
            ["page"] = "/body/p[9]/text().0",
            ["text"] = "in Three",
            ["note"] = "a page bookmark with a note",
        },
    },
    ["highlight"] = {
        [12] = { [1] = { ["text"] = "old table, ignored", ["datetime"] = "2024-08-02 10:00:00", ["drawer"] = "lighten" } },
    },
}
"""

LEGACY = r"""return {
    ["doc_props"] = { ["title"] = "Old Book", ["authors"] = "Someone" },
    ["highlight"] = {
        [40] = {
            [1] = { ["datetime"] = "2023-01-23 06:19:09", ["drawer"] = "lighten", ["pos0"] = "a", ["pos1"] = "b", ["text"] = "First quote" },
        },
        [7] = {
            [2] = { ["datetime"] = "2023-01-24 03:45:58", ["drawer"] = "underscore", ["pos0"] = "c", ["pos1"] = "d", ["text"] = "Second quote" },
        },
    },
    ["bookmarks"] = {
        [2] = { ["datetime"] = "2023-01-24 03:45:58", ["highlighted"] = true, ["notes"] = "Second quote", ["pos0"] = "c", ["page"] = "c", ["text"] = "what I thought" },
        [1] = { ["datetime"] = "2023-01-23 06:19:09", ["highlighted"] = true, ["notes"] = "First quote", ["pos0"] = "a", ["page"] = "a", ["text"] = "Page 40 First quote @ 2023-01-23 06:19:09" },
        [3] = { ["datetime"] = "2023-01-25 08:00:00", ["notes"] = "Page 50", ["page"] = "e", ["text"] = "a note on page fifty" },
    },
}
"""


def test_the_new_annotations_table_wins_over_the_old_ones() -> None:
    report = parse_sidecar(NEW, UTC)
    assert report.skipped["bookmarks"] == 1  # a page bookmark with nothing written
    highlight, page_note = report.items
    assert highlight.quote == "line one\nline two"  # backslash-newline is a newline
    assert highlight.note == "my note" and highlight.color is Color.GREEN
    assert highlight.created == "2024-08-02T10:00:00.000Z"
    assert highlight.updated == "2024-08-03T11:00:00.000Z"
    facts = highlight.facts
    assert facts is not None
    assert (facts.get("color"), facts.get("style"), facts.get("chapter"), facts.get("page")) == (
        "olive",
        "strikeout",
        "Two",
        "12",
    )
    assert facts.get("text edited") == "yes"
    assert page_note.quote == "" and page_note.note == "a page bookmark with a note"
    source = highlight.source
    assert (source.title, source.author) == ("A Book", "First Author; Second Author")
    assert ("koreader-md5", "0123456789abcdef0123456789abcdef") in source.identifiers


def test_the_old_tables_take_notes_from_bookmarks_but_not_their_generated_lines() -> None:
    report = parse_sidecar(LEGACY, UTC)
    by_quote = {item.quote: item for item in report.items}
    assert by_quote["First quote"].note == ""  # "Page 40 … @ date" is KOReader's, not a note
    assert by_quote["Second quote"].note == "what I thought"
    assert by_quote[""].note == "a note on page fifty"
    assert len(report.items) == 3


def test_an_empty_book_imports_nothing_and_a_broken_file_is_one_problem() -> None:
    empty = parse_sidecar('return { ["annotations"] = {}, ["doc_props"] = { ["title"] = "X" } }')
    assert empty.items == [] and empty.problems == []
    broken = parse_sidecar('return { ["annotations"] = { [1] = { ["text"] = "unclosed }')
    assert broken.items == [] and len(broken.problems) == 1


def test_lua_values_of_every_kind() -> None:
    value = parse_lua_table(
        '-- comment\nreturn { a = 1, ["b"] = -2.5e3, c = 0x1F, d = { 1, 2, 3 }, e = [[long\nstring]],'
        " f = 'it\\'s', g = \"\\65\\x42\\u{43}\\z   D\", h = nil, i = false, --[[ block ]] j = math.huge }"
    )
    assert value["a"] == 1 and value["b"] == -2500.0 and value["c"] == 31
    assert value["d"] == [1, 2, 3] and value["e"] == "long\nstring" and value["f"] == "it's"
    assert value["g"] == "ABCD" and "h" not in value and value["i"] is False
    assert math.isinf(value["j"])
    assert parse_lua_table("return { [3] = 'c', [1] = 'a', [2] = 'b' }") == ["a", "b", "c"]
    assert parse_lua_table("return { [5] = 'sparse' }") == {5: "sparse"}


@pytest.mark.parametrize(
    "text",
    ["return { os.execute('rm -rf /') }", "return { a = b }", "return {", "return { 'x' } extra"],
)
def test_lua_that_is_not_data_is_refused_never_run(text: str) -> None:
    with pytest.raises(LuaError):
        parse_lua_table(text)


@given(st.text())
def test_the_sidecar_parser_never_raises(text: str) -> None:
    parse_sidecar(text)


@given(
    st.lists(
        st.sampled_from(
            [
                "return {",
                "}",
                "{",
                '["text"] =',
                '"a\\',
                "[[",
                "]]",
                ",",
                "1e",
                "--[[",
                "\\\n",
                "=",
                '"x"',
            ]
        ),
        max_size=40,
    )
)
def test_the_sidecar_parser_never_raises_on_lua_like_text(parts: list[str]) -> None:
    parse_sidecar(" ".join(parts))


SAME_PAGE = r"""return {
    ["doc_props"] = { ["title"] = "Same Page", ["authors"] = "Ann" },
    ["doc_path"] = "/books/Same Page.%s",
    ["annotations"] = {
        [1] = { ["datetime"] = "2024-01-01 10:00:00", ["drawer"] = "lighten", ["pageno"] = 5,
                ["pos0"] = "/body/DocFragment[2]/body/p[10]/text().4", ["text"] = "later on the page" },
        [2] = { ["datetime"] = "2024-01-01 11:00:00", ["drawer"] = "lighten", ["pageno"] = 5,
                ["pos0"] = "/body/DocFragment[2]/body/p[9]/text().40", ["text"] = "earlier on the page" },
    },
}
"""


def test_highlights_on_one_page_are_in_the_order_of_their_positions() -> None:
    from reader.core.annotations.source_facts import facts_order

    items = parse_sidecar(SAME_PAGE % "epub", UTC).items
    ordered = sorted(items, key=lambda item: facts_order(item.facts, item.created))
    assert [item.quote for item in ordered] == ["earlier on the page", "later on the page"]


def test_only_a_pdfs_pages_are_written_as_the_standard_page_fragment() -> None:
    from dataclasses import replace

    from reader.core.anchoring import Target, TextPositionSelector, TextQuoteSelector
    from reader.core.annotations import Annotation
    from reader.core.export.w3c import source_selectors

    def selectors(kind: str) -> list[str]:
        [item, _] = parse_sidecar(SAME_PAGE % kind, UTC).items
        target = Target(TextQuoteSelector(item.quote), TextPositionSelector(0, 0), "")
        annotation = replace(Annotation("x", "a", target), imported=item.facts)
        return [selector["type"] for selector in source_selectors(annotation)]

    assert selectors("pdf") == ["FragmentSelector", "reader:SourceLocationSelector"]
    assert selectors("epub") == ["reader:SourceLocationSelector"]


def test_authors_lose_the_separators_written_after_them() -> None:
    text = 'return {\n ["doc_props"] = { ["title"] = "T", ["authors"] = "Nir Eyal;\\\nJulie Li," },\n ["annotations"] = { [1] = { ["datetime"] = "2024-01-01 10:00:00", ["drawer"] = "lighten", ["text"] = "a quote" } },\n}\n'
    [item] = parse_sidecar(text, UTC).items
    assert item.source.author == "Nir Eyal; Julie Li"


def test_an_entry_that_is_not_a_table_is_counted_not_lost() -> None:
    text = 'return {\n ["doc_props"] = { ["title"] = "T" },\n ["annotations"] = { [1] = { ["datetime"] = "2024-01-01 10:00:00", ["drawer"] = "lighten", ["text"] = "a quote" }, [2] = 5 },\n}\n'
    report = parse_sidecar(text, UTC)
    assert len(report.items) == 1 and report.skipped["unknown entries"] == 1
