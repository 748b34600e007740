"""Hostile article files: refused quickly in bounded memory, or read; one never blocks a folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.articles import ArticleError, load_article, parse_article
from reader.core.library import Library, expand_paths, list_library
from reader.core.store import AnnotationStore

BOMB = """---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
title: [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---

Body.
"""


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """Nine levels of aliases in front matter (past 120 s before) are refused, never expanded."""
    path = tmp_path / "bomb.md"
    path.write_text(BOMB)
    with pytest.raises(ArticleError, match="YAML aliases"):
        load_article(path)


def test_a_lone_surrogate_in_front_matter_is_made_valid(tmp_path: Path) -> None:
    """`title: "\\ud800"` opens and can be stored (it crashed the registration write)."""
    path = tmp_path / "odd.md"
    path.write_text('---\ntitle: "A \\ud800 title"\n---\n\nBody text.\n')
    library = Library(AnnotationStore.open(tmp_path / "db.json"))
    article = library.open(path)
    assert article.title == "A \ufffd title"
    assert library.store.article(article.id) is not None


def test_a_file_name_that_is_not_utf8_is_listed_and_skipped(tmp_path: Path) -> None:
    """One file whose name is not UTF-8 is reported; the rest of the folder opens."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text("A good article\n\nWith a body.\n")
    os.close(os.open(os.fsencode(folder) + b"/bad-\xff.txt", os.O_CREAT | os.O_WRONLY, 0o644))
    bad = next(path for path in folder.iterdir() if path.name != "good.txt")
    bad.write_text("Some text\n\nhere\n")
    library = Library(AnnotationStore.open(tmp_path / "db.json"))
    entries, problems, pending, _ = list_library(library, expand_paths([folder]), False)
    assert [entry.title for entry in entries] == ["A good article"]
    [problem] = problems
    assert "not valid UTF-8" in problem and "bad-\ufffd.txt" in problem
    problem.encode("utf-8")  # printable


def test_html_too_deep_or_too_large_for_the_extractor_keeps_its_text() -> None:
    """100,000 nested <div>s and a 10 MB paragraph were "the file is empty"; their text stays."""
    from reader.core.articles import parse_article

    deep = "<html><body>" + "<div>" * 100_000 + "deep text here" + "</div>" * 100_000
    assert parse_article(deep.encode(), "html").text == "deep text here"
    words = "word " * 2_000_000
    large = f"<html><head><title>Big</title></head><body><p>{words}</p></body></html>"
    article = parse_article(large.encode(), "html")
    assert article.text == words.strip() and article.title == "Big"


def test_markdown_nested_past_the_parser_keeps_every_line() -> None:
    """Quotes 24 deep, lists 15 deep and a line of 5,000 `>` keep their text (flattened where
    needed) instead of losing what follows."""
    from reader.core.articles import parse_article

    quotes = "\n".join(">" * depth + f" level {depth}" for depth in range(1, 25)) + "\n\nafter\n"
    text = parse_article(quotes.encode(), "markdown").text
    assert all(f"level {depth}" in text for depth in range(1, 25)) and text.endswith("after")
    lists = "\n".join("  " * depth + f"- item {depth}" for depth in range(15)) + "\n\nafter\n"
    text = parse_article(lists.encode(), "markdown").text
    assert all(f"item {depth}" in text for depth in range(15)) and text.endswith("after")
    hostile = ">" * 5000 + " deep\n\nafter\n"
    text = parse_article(hostile.encode(), "markdown").text
    assert "deep" in text and text.endswith("after")


@pytest.mark.parametrize("repeat", [0, 8])
def test_a_bare_paragraph_with_code_keeps_all_its_text(repeat: int) -> None:
    """An HTML file that is one `<p>` holding a `<code>`, with no `<html>` or `<body>`, is read
    as the whole paragraph, not as just the code."""
    from reader.core.articles import parse_article

    words = "This is a fairly long paragraph of words about things. " * repeat
    html = f"<p>{words}Call the <code>x</code> function before you go on.</p>"
    text = parse_article(html.encode(), "html").text
    assert text.endswith("Call the x function before you go on.")


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Alpha3 <b>beta</b> gamma <code>cc3</code> delta.</p>", "Alpha3 beta gamma cc3 delta."),
        (
            "<p>Alpha5 <code>beta</code> gamma <code>cc5</code> delta.</p>",
            "Alpha5 beta gamma cc5 delta.",
        ),
        (
            "<blockquote>Alpha <b>beta</b> gamma <code>cc</code> delta.</blockquote>",
            "Alpha beta gamma cc delta.",
        ),
        (
            "<section>Alpha <b>beta</b> gamma <code>cc</code> delta.</section>",
            "Alpha beta gamma cc delta.",
        ),
        ("<td>Alpha <b>beta</b> gamma <code>cc</code> delta.</td>", "Alpha beta gamma cc delta."),
        ("<li>Alpha <b>beta</b> gamma <code>cc</code> delta.</li>", "Alpha beta gamma cc delta."),
        ("<pre>line one\nline two</pre>", "line one\nline two"),
    ],
)
def test_a_piece_of_html_that_is_one_block_keeps_all_its_words(html: str, text: str) -> None:
    """HTML with no page around it (no <html> or <body>) is all text, in order: a body that
    is itself a block is walked as a block (it loaded as just its <code>), and <pre> keeps its
    lines."""
    assert parse_article(html.encode("utf-8"), "html").text == text


def test_a_piece_of_html_keeps_its_quotes_lists_and_first_heading_as_title() -> None:
    """The walk of a piece of HTML keeps block kinds: a heading (the title), a quote, list
    items with their numbers and bullets."""
    html = "<h1>Notes</h1><blockquote>Said once.</blockquote><ol><li>a</li><li>b</li></ol><ul><li>c</li></ul>"
    article = parse_article(html.encode("utf-8"), "html")
    kinds = [(block.kind.value, block.marker) for block in article.blocks]
    assert kinds == [
        ("heading", ""),
        ("quote", ""),
        ("list_item", "1."),
        ("list_item", "2."),
        ("list_item", "-"),
    ]
    assert article.title == "Notes"
