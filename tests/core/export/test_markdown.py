"""Markdown notes: golden files, valid front matter, no injected structure, kept edits."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reader.core.anchoring import (
    Anchor,
    AnchorStatus,
    Target,
    TextPositionSelector,
    TextQuoteSelector,
    make_target,
)
from reader.core.annotations import Annotation, ArticleAnnotations, Color, Resolution
from reader.core.articles.formats.markdown import split_front_matter
from reader.core.export import GroupBy, block_id, kept_text, to_markdown
from reader.core.export.keep import KEEP_END, KEEP_START, is_reader_note
from reader.core.library import Library, expand_paths
from reader.core.store import AnnotationStore
from reader.paths import sample_articles_dir
from tests.conftest import FixedClock

GOLDEN = Path(__file__).parents[2] / "golden"
EXPORTED = "2026-01-02T03:04:05.000Z"
PARSER = MarkdownIt("commonmark")


def _annotation(number: int, quote: str, **changes: Any) -> Annotation:
    annotation = Annotation(
        id=f"{number:08x}-0000-4000-8000-000000000000",
        article_id="article",
        target=Target(TextQuoteSelector(quote), TextPositionSelector(number, number + len(quote))),
        created=f"2026-01-01T00:00:{number % 60:02d}.000Z",
        updated=f"2026-01-01T00:00:{number % 60:02d}.000Z",
        resolution=Resolution(
            "h", Anchor(AnchorStatus.EXACT, number, number + len(quote), 1.0), quote
        ),
    )
    return replace(annotation, **changes)


def _group(annotations: list[Annotation], title: str = "A title") -> ArticleAnnotations:
    return ArticleAnnotations(
        "article",
        title,
        None,
        "h",
        tuple(annotations),
        author="An Author",
        source="https://example.org/a",
    )


def _front_matter(note: str) -> dict[str, Any]:
    metadata, _ = split_front_matter(note)
    assert metadata  # parsed (values as strings)
    match = re.match(r"---\n(.*?)\n---\n", note, re.DOTALL)
    assert match is not None
    loaded = yaml.safe_load(match.group(1))
    assert isinstance(loaded, dict)
    return loaded


def _body_tokens(note: str) -> list[Any]:
    _, body = split_front_matter(note)
    return PARSER.parse(body)


def _structure(note: str) -> list[str]:
    """The document's skeleton: headings (level and text), block-id paragraphs and our comments."""
    tokens = _body_tokens(note)
    skeleton = []
    depth = 0
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
        elif token.type == "heading_open" and depth == 0 and token.tag in ("h1", "h2"):
            skeleton.append(f"{token.tag}:{tokens[index + 1].content}")
        elif (
            token.type == "inline"
            and depth == 0
            and re.fullmatch(r"\^hl-[0-9a-f]{8}", token.content)
        ):
            skeleton.append(token.content)
        elif token.type == "html_block" and depth == 0:
            skeleton.append(token.content.strip())
    return skeleton


def _quote_texts(note: str) -> list[str]:
    """The plain text of every top-level block quote, as a renderer would show it."""
    tokens = _body_tokens(note)
    texts: list[str] = []
    depth = 0
    parts: list[str] = []
    for token in tokens:
        if token.type == "blockquote_open":
            if depth == 0:
                parts = []
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
            if depth == 0:
                texts.append(" ".join(" ".join(parts).split()))
        elif token.type == "inline" and depth > 0:
            assert all(child.type in ("text", "softbreak") for child in token.children or ()), [
                child.type for child in token.children or ()
            ]
            parts.append(
                "".join(
                    child.content if child.type == "text" else " " for child in token.children or ()
                )
            )
    return texts


def _plain(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def test_front_matter_fields_and_body_order() -> None:
    """Front matter has every field, quoted; highlights follow in reading order with block ids."""
    later = _annotation(50, "Second quote.", color=Color.GREEN, tags=("b tag", "a/b"))
    earlier = _annotation(10, "First quote.", note="A note.\n\nWith *Markdown*.")
    note = to_markdown(_group([later, earlier]), EXPORTED)
    front = _front_matter(note)
    assert front == {
        "title": "A title",
        "author": "An Author",
        "source": "https://example.org/a",
        "article_id": "article",
        "tags": ["b-tag", "a/b"],  # the form the body's `#b-tag` has: one tag for Obsidian
        "highlights": 2,  # a number (it was the string "2")
        "exported": datetime(2026, 1, 2, 3, 4, 5),  # an Obsidian date-time (local time)
    }
    assert note.index("First quote.") < note.index("Second quote.")
    assert f"\n^{block_id(earlier)}\n" in note and "#b-tag #a/b" in note
    assert "With *Markdown*." in note and "**green**" in note
    assert _structure(note)[:3][1:] == ["h1:A title", f"^{block_id(earlier)}"]


def test_fuzzy_and_orphans() -> None:
    """Fuzzy anchors are marked; orphans go to their own final section with quote and note."""
    fuzzy = _annotation(5, "Roughly here.")
    fuzzy = replace(
        fuzzy, resolution=Resolution("h", Anchor(AnchorStatus.FUZZY, 5, 18, 0.87), "Roughly here.")
    )
    orphan = _annotation(7, "Gone now.", note="Still mine.")
    orphan = replace(orphan, resolution=Resolution("h", Anchor(AnchorStatus.ORPHAN), "Gone now."))
    note = to_markdown(_group([orphan, fuzzy]), EXPORTED)
    assert "approximate match (0.87)" in note
    assert (
        note.index("## Orphaned highlights") < note.index("Gone now.") < note.index("Still mine.")
    )


@pytest.mark.parametrize("group_by", [GroupBy.POSITION, GroupBy.COLOR])
def test_grouping(group_by: GroupBy) -> None:
    """Grouping by position or colour: every highlight appears exactly once."""
    items = [
        _annotation(1, "One.", color=Color.PINK, tags=("zeta",)),
        _annotation(2, "Two.", color=Color.YELLOW),
        _annotation(3, "Three.", color=Color.PINK, tags=("Alpha", "zeta")),
    ]
    note = to_markdown(_group(items), EXPORTED, group_by)
    ids = [line for line in note.splitlines() if line.startswith("^hl-")]
    assert sorted(ids) == sorted(f"^{block_id(item)}" for item in items)
    if group_by is GroupBy.COLOR:
        assert note.index("## Yellow") < note.index("## Pink")


def test_grouping_by_tag_gives_every_tag_its_section() -> None:
    """Each tag gets a section with every highlight that has it; a highlight met again links
    to its first appearance by block id, so block ids stay unique."""
    one = _annotation(1, "One.", tags=("zeta",))
    two = _annotation(2, "Two.")
    three = _annotation(3, "Three.", tags=("zeta", "Alpha", "beta"))
    note = to_markdown(_group([one, two, three]), EXPORTED, GroupBy.TAG)
    headings = [line for line in note.splitlines() if line.startswith("## ")]
    assert headings[:4] == ["## \\#Alpha", "## \\#beta", "## \\#zeta", "## Untagged"]
    ids = [line for line in note.splitlines() if line.startswith("^hl-")]
    assert sorted(ids) == sorted(f"^{block_id(item)}" for item in (one, two, three))
    sections = note.split("\n## ")
    beta = next(part for part in sections if part.startswith("\\#beta"))
    zeta = next(part for part in sections if part.startswith("\\#zeta"))
    assert f"[[#^{block_id(three)}]]" in beta and "Three" in beta  # a link, not a second copy
    assert "> One." in zeta and f"[[#^{block_id(three)}]]" in zeta
    assert "> Three." in next(part for part in sections if part.startswith("\\#Alpha"))


HOSTILE = [
    "# Not a heading",
    "> not nested",
    "---",
    "- [ ] not a task",
    "```not code```",
    "`tick` and <b>bold</b> <!-- comment --> &amp; entity",
    "[link](http://example.org) ![img](x.png) [[wiki]] ==mark== %%c%% $x$",
    "1. not a list",
    "    four spaces",
    "text ^hl-deadbeef",
    KEEP_START,
    "line with trailing backslash \\",
    "* star | pipe ~strike~",
]


@pytest.mark.parametrize("quote", HOSTILE)
def test_hostile_quotes_render_as_written(quote: str) -> None:
    """Markdown, HTML and Obsidian syntax in a quote stays inside it and renders as its text."""
    note = to_markdown(_group([_annotation(1, quote)]), EXPORTED)
    assert _quote_texts(note) == [_plain(quote)]
    assert _structure(note)[1:3] == ["h1:A title", "^hl-00000001"]


def test_note_markdown_is_kept_but_contained() -> None:
    """A note stays Markdown, but cannot add top-level headings, block ids or keep markers."""
    note_text = "# Big\nSetext\n===\n\n<!-- reader:keep -->\n^hl-12345678\n\n```\nopen fence"
    note = to_markdown(_group([_annotation(1, "Quote.", note=note_text)]), EXPORTED)
    structure = _structure(note)[:-1]  # the last line is the checksum
    assert structure.count("h1:A title") == 1 and not [
        item for item in structure if item.startswith("h1:") and item != "h1:A title"
    ]
    assert [item for item in structure if item.startswith("^hl-")] == ["^hl-00000001"]
    assert structure[-3:] == ["h2:My notes", KEEP_START, KEEP_END] or structure[-2:] == [
        "h2:My notes",
        f"{KEEP_START}\n{KEEP_END}",
    ]
    assert "#### Big" in note and "#### Setext" in note


def test_keep_markers_survive_three_reexports() -> None:
    """Text written between keep markers, under a highlight or at the end, survives re-exports."""
    first = _annotation(1, "First quote.")
    second = _annotation(2, "Second quote.")
    note = to_markdown(_group([first, second]), EXPORTED)
    # The reader adds text under the first highlight, in the user section, and after it.
    note = note.replace(
        f"^{block_id(first)}\n\n**yellow**",
        f"^{block_id(first)}\n\n**yellow**\n\n{KEEP_START}\nMy thought on the first.\n{KEEP_END}",
    )
    note = note.replace(
        f"{KEEP_START}\n{KEEP_END}", f"{KEEP_START}\nGeneral thoughts.\n- a list\n{KEEP_END}"
    )
    note += "\nA trailing paragraph I added.\n"
    for round_number in range(3):
        changed = [replace(first, note=f"edited {round_number}"), second]
        note = to_markdown(_group(changed), EXPORTED, previous=note)
        assert "My thought on the first." in note and "General thoughts.\n- a list" in note
        assert "A trailing paragraph I added." in note
        assert note.index("My thought on the first.") < note.index("Second quote.")
        assert note.count("My thought on the first.") == 1 and note.count("General thoughts.") == 1
    # The highlight is deleted: its kept text moves to the user section instead of vanishing.
    note = to_markdown(_group([second]), EXPORTED, previous=note)
    assert note.index("## My notes") < note.index("My thought on the first.")


def test_reader_note_recognition() -> None:
    """Only notes this program wrote are recognised as its own."""
    note = to_markdown(_group([_annotation(1, "Quote.")]), EXPORTED)
    assert is_reader_note(note)
    assert not is_reader_note("# My own notes\n\nsome text\n")
    assert not is_reader_note("---\ntitle: x\n---\nmine\n")
    assert kept_text(note).empty


titles = st.text(min_size=0, max_size=60)
quotes = st.text(min_size=1, max_size=120).filter(lambda text: text.strip() != "")
notes = st.text(max_size=200)
tags = st.lists(st.text(min_size=1, max_size=20), max_size=4)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=titles, quote=quotes, note=notes, tag_list=tags)
@example(title="", quote="\uf900", note="", tag_list=[])  # not NFC: must not be normalised
@example(title="---", quote="a\r\n> b\t\x1b[31m", note="# x\n```", tag_list=["a b", "A B"])
def test_no_injected_structure(title: str, quote: str, note: str, tag_list: list[str]) -> None:
    """Any title, quote, note and tags: front matter reads back; the skeleton is only ours."""
    from reader.core.annotations import normalize_tags
    from reader.core.articles.text import remove_unsafe

    annotation = _annotation(3, quote, note=note, tags=normalize_tags(tag_list))
    document = to_markdown(_group([annotation], title=title), EXPORTED)
    front = _front_matter(document)
    assert front["title"] == " ".join(title.split())
    assert front["tags"] == list(annotation.tags)
    structure = _structure(document)
    assert structure[0].startswith("<!-- written by reader")
    assert structure[1].startswith("h1:")
    assert structure[2] == "^hl-00000003"
    assert [item for item in structure if item.startswith(("h1:", "h2:"))][1:] == ["h2:My notes"]
    assert [item for item in structure if item.startswith("^hl-")] == ["^hl-00000003"]
    expected = "\n".join(remove_unsafe(line) for line in re.split(r"\r\n?|\n", quote))
    assert _quote_texts(document)[0] == _plain(expected)


def test_golden_notes_of_the_samples(tmp_path: Path) -> None:
    """The notes of the four annotated sample articles match the files in tests/golden."""
    store = AnnotationStore.in_memory(FixedClock())
    library = Library(store)
    colors = list(Color)
    for index, path in enumerate(expand_paths([sample_articles_dir()])):
        article = library.open(path)
        for number, block in enumerate(article.blocks[1:4]):
            start, end = article.sentences_in_block(article.blocks.index(block))[0]
            store.add(
                Annotation(
                    id=f"{index:02d}{number:06d}-0000-4000-8000-000000000000",
                    article_id=article.id,
                    target=make_target(article.text, start, end, article.hash),
                    color=colors[(index + number) % 4],
                    note=f"Note {number} on *{path.suffix}*." if number != 1 else "",
                    tags=("sample", path.suffix.lstrip(".")) if number != 2 else (),
                )
            )
    GOLDEN.mkdir(exist_ok=True)
    for group in library.collect():
        group = replace(group, path=Path("/articles") / group.path.name if group.path else None)
        note = to_markdown(group, EXPORTED)
        golden = GOLDEN / f"{group.path.stem if group.path else group.article_id}.md"
        if os.environ.get("UPDATE_GOLDEN"):
            golden.write_text(note, encoding="utf-8")
        assert note == golden.read_text(encoding="utf-8"), (
            f"{golden} differs (UPDATE_GOLDEN=1 to accept)"
        )
        assert _front_matter(note)["highlights"] == 3
        _check_as_obsidian_reads_it(note)
        _check_as_obsidian_reads_it(to_markdown(group, EXPORTED, GroupBy.TAG))


OBSIDIAN_TAG = re.compile(r"(?<![\w\\])#([\w/-]*[^\W\d][\w/-]*)")
"""A tag in Obsidian's body text: letters, digits, `_`, `-`, `/`, not only digits."""


def _check_as_obsidian_reads_it(note: str) -> None:
    """What Obsidian takes from a note: properties of the right types, the same tags in the
    properties and the body, unique block ids, and block links that point at one of them."""
    front = _front_matter(note)
    assert isinstance(front["highlights"], int) and isinstance(front["exported"], datetime)
    assert "date" not in front or not isinstance(front["date"], str)
    assert all(isinstance(tag, str) and re.fullmatch(r"[\w/-]+", tag) for tag in front["tags"])
    _, body = split_front_matter(note)
    body_tags = {tag.casefold() for tag in OBSIDIAN_TAG.findall(body)}
    assert body_tags <= {tag.casefold() for tag in front["tags"]}, body_tags
    ids = re.findall(r"^\^(hl-[0-9a-f]{8})$", body, re.MULTILINE)
    assert len(ids) == len(set(ids)) and ids
    links = re.findall(r"\[\[#\^(hl-[0-9a-f]{8})\]\]", body)
    assert set(links) <= set(ids)
    assert re.search(r"^Source: \[[^\]]+\]\(<[a-z]+:[^<>\s]+>\)$", body, re.MULTILINE) or (
        not front["source"].startswith(("http", "file"))
    )


@pytest.mark.parametrize(
    "note",
    [
        "<pre>\nsome code",
        "<script>alert(1)",
        "  <STYLE type='x'>",
        "<textarea>",
        "<?php echo 1;",
        "<!DOCTYPE html>",
        "<![CDATA[ raw",
        "text\n<pre>\nmore",
    ],
)
def test_html_blocks_in_a_note_cannot_swallow_the_rest(note: str) -> None:
    """A note line opening an HTML block that only ends at its closing tag keeps the note's
    structure: the next highlight and the user section are still there."""
    first = _annotation(1, "First quote.", note=note)
    second = _annotation(2, "Second quote.")
    document = to_markdown(_group([first, second]), EXPORTED)
    structure = _structure(document)
    assert [item for item in structure if item.startswith("^hl-")] == [
        "^hl-00000001",
        "^hl-00000002",
    ]
    assert "h2:My notes" in structure


def test_an_imported_highlight_says_what_its_app_kept_and_a_book_note_has_no_colour() -> None:
    from reader.core.annotations import ImportFacts

    facts = ImportFacts(
        "koreader",
        "k",
        (("page", "21"), ("color", "olive"), ("style", "strikeout"), ("text edited", "yes")),
    )
    struck = _annotation(1, "Wow! A [sic] quote.", color=Color.GREEN, imported=facts)
    favourite = _annotation(
        2,
        "A heading",
        imported=ImportFacts("readwise", "r", (("favorite", "yes"), ("heading", "h2"))),
    )
    loose = _annotation(3, "", note="on the whole book", imported=ImportFacts("kindle", "n"))
    loose = replace(loose, resolution=None)
    group = replace(_group([struck, favourite, loose]), kind="book")
    note = to_markdown(group, EXPORTED)
    assert "**green** (olive in KOReader) · struck out · text edited in KOReader · p. 21" in note
    assert "> Wow! A \\[sic\\] quote." in note  # "!" before no "[" needs no backslash
    assert "**yellow** · favourite · heading 2" in note
    loose_block = note[note.index("Notes on the book") :]
    assert "**yellow**" not in loose_block and "on the whole book" in loose_block
