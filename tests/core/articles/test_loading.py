"""Loading articles of every format, and refusing files that are not articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.articles import (
    Article,
    ArticleError,
    BlockKind,
    load_article,
    parse_article,
    text_hash,
)
from reader.core.articles.text import MAX_ARTICLE_BYTES
from tests.conftest import AP_ARTICLE, HTML_ARTICLE, MD_ARTICLE, NR_ARTICLE


def _block_texts(article: Article) -> list[tuple[BlockKind, str]]:
    return [(block.kind, article.text[block.start : block.end]) for block in article.blocks]


def test_plain_text_seed_title_and_paragraphs() -> None:
    """The AP seed: the first short line is the title and a heading; paragraphs follow."""
    article = load_article(AP_ARTICLE)
    assert article.title == "Denver officials won’t hand over information sought by ICE"
    blocks = _block_texts(article)
    assert blocks[0] == (BlockKind.HEADING, article.title)
    assert blocks[1][1].startswith("FILE – In this Feb. 26, 2018 file photo")
    assert blocks[-1][1].startswith("The mission of is to provide")
    assert all(kind is not BlockKind.HEADING for kind, _ in blocks[1:])
    assert "\n" not in "".join(text for _, text in blocks)


def test_blocks_are_separated_and_offsets_exact() -> None:
    """Every block's offsets cut exactly its text out of the canonical text, in order."""
    for path in (AP_ARTICLE, NR_ARTICLE, MD_ARTICLE, HTML_ARTICLE):
        article = load_article(path)
        previous_end = -2
        for block in article.blocks:
            assert block.start == previous_end + 2
            assert article.text[block.start - 2 : block.start] in ("", "\n\n")
            assert (
                article.text[block.start : block.end].strip()
                == article.text[block.start : block.end]
            )
            previous_end = block.end
        assert previous_end == len(article.text)


def test_hard_wrapped_plain_text_reflows(tmp_path: Path) -> None:
    """Single newlines inside a paragraph join with a space; blank lines separate paragraphs."""
    path = tmp_path / "wrapped.txt"
    path.write_text("A title\n\nThe first line\nwraps here.\n   \nSecond\tparagraph.\r\n")
    article = load_article(path)
    assert article.text == "A title\n\nThe first line wraps here.\n\nSecond  paragraph."


def test_markdown_front_matter_and_structure() -> None:
    """Front matter gives metadata; headings, lists, quotes and code become typed blocks."""
    article = load_article(MD_ARTICLE)
    assert article.title == "Reading a Tide Pool: What Lives Between the Tides"
    assert article.author == "The reader sample collection"
    assert article.date == "2026-11-01"
    assert article.format == "markdown"
    blocks = _block_texts(article)
    kinds = {kind for kind, _ in blocks}
    assert kinds == set(BlockKind)
    assert (BlockKind.HEADING, "Zones on the rock") in blocks
    items = [block for block in article.blocks if block.kind is BlockKind.LIST_ITEM]
    assert [item.marker for item in items[:4]] == ["1.", "2.", "3.", "4."]
    assert article.text[items[0].start : items[0].end].startswith("Splash zone:")  # ** dropped
    code = next(text for kind, text in blocks if kind is BlockKind.CODE)
    assert code.splitlines()[0] == "Date        Low tide   Height"
    quote = next(text for kind, text in blocks if kind is BlockKind.QUOTE)
    assert quote.startswith("A keystone species is one") and quote.endswith("the arch falls.")


def test_markdown_title_falls_back_to_first_heading(tmp_path: Path) -> None:
    """Without front matter the first heading is the title; inline markup is not in the text."""
    path = tmp_path / "note.markdown"
    path.write_text(
        "Intro *text*.\n\n## The `real` title\n\n- [x] item with [a link](http://x.y)\n"
    )
    article = load_article(path)
    assert article.title == "The real title"
    assert "Intro text." in article.text and "a link" in article.text and "http" not in article.text


def test_markdown_bad_front_matter_is_refused(tmp_path: Path) -> None:
    """Front matter that is not YAML gives a clear error naming the line."""
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [unclosed\n---\n\nBody.\n")
    with pytest.raises(ArticleError, match=r"front matter is not valid YAML \(line \d+\)"):
        load_article(path)


def test_html_extraction_drops_boilerplate() -> None:
    """The HTML sample keeps its article and loses navigation, ads, scripts and footer."""
    article = load_article(HTML_ARTICLE)
    assert article.title == "The Quiet Return of the Night Train"
    assert article.author == "Slow Travel Weekly staff"
    for boilerplate in (
        "Subscribe",
        "Advertisement",
        "dataLayer",
        "All rights reserved",
        "Most read",
    ):
        assert boilerplate not in article.text
    blocks = _block_texts(article)
    assert (BlockKind.HEADING, "Why travellers are choosing them") in blocks
    assert sum(kind is BlockKind.LIST_ITEM for kind, _ in blocks) == 3
    assert any(kind is BlockKind.QUOTE and "Alps" in text for kind, text in blocks)


def test_html_entities_and_tiny_pages(tmp_path: Path) -> None:
    """A page too small for main-text extraction still yields its text, entities decoded."""
    path = tmp_path / "tiny.htm"
    path.write_text(
        "<html><head><title>Tiny &amp; short</title></head><body><p>Fish &amp; chips.</p></body></html>"
    )
    article = load_article(path)
    assert article.title == "Tiny & short"
    assert "Fish & chips." in article.text


def test_markup_like_text_is_kept_literally(tmp_path: Path) -> None:
    """Text that looks like Textual markup is ordinary text in the canonical text."""
    path = tmp_path / "markup.txt"
    path.write_text("Title\n\nClick [@click=app.quit]quit[/] or [bold]this[/bold] [/ now.\n")
    assert "[@click=app.quit]quit[/] or [bold]this[/bold] [/ now." in load_article(path).text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
        (b"text with a \x00 NUL byte", "NUL bytes"),
    ],
)
def test_rejections_name_file_and_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    """Empty and binary files are refused with a one-line error naming the file and why."""
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    message = str(caught.value)
    assert str(path) in message and reason in message and "\n" not in message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    """A missing path and a folder given as a file are refused clearly."""
    with pytest.raises(ArticleError, match="no such file"):
        load_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="is a folder"):
        load_article(tmp_path)


def test_oversized_file_is_refused_without_reading(tmp_path: Path) -> None:
    """A file over 64 MiB is refused from its size alone (a sparse file: no real data)."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)
    with pytest.raises(ArticleError, match="over 64 MiB"):
        load_article(path)


def test_utf16_article_loads(tmp_path: Path) -> None:
    """A UTF-16 file with a BOM loads like its UTF-8 twin, with the same hash."""
    text = "Título\n\nUn párrafo con acentos.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-16")
    first, second = load_article(tmp_path / "a.txt"), load_article(tmp_path / "b.txt")
    assert first.text == second.text and first.hash == second.hash == text_hash(first.text)


def test_terminal_escapes_never_reach_canonical_text() -> None:
    """Escape, bidi override and C1 characters are removed at load time."""
    article = parse_article(b"T\n\nred \x1b[31mtext\x1b[0m \xe2\x80\xae reversed \xc2\x9b", "text")
    assert (
        "\x1b" not in article.text and "\u202e" not in article.text and "\x9b" not in article.text
    )


def test_block_lookup_and_sentences() -> None:
    """Offsets map to their block and sentence; offsets between blocks map to none."""
    article = load_article(AP_ARTICLE)
    second = article.blocks[1]
    assert article.block_index_at(second.start + 5) == 1
    assert article.block_index_at(second.start - 1) is None
    sentence = article.sentence_at(second.start + 5)
    assert sentence is not None and sentence[0] == second.start


def test_emphasis_is_kept_as_style_not_text() -> None:
    """Markdown **bold** and *italics*, and HTML <b>, <strong>, <i>, <em>, are kept as styles
    over the canonical text, which is the same as without them (every offset too)."""
    from reader.core.articles import parse_article

    markdown = parse_article(
        b"# Title\n\nSome **bold** and *it* text, **`x` in it**.\n", "markdown"
    )
    assert markdown.text == "Title\n\nSome bold and it text, x in it."
    spans = [(markdown.text[e.start : e.end], e.bold, e.italic) for e in markdown.emphasis]
    assert spans == [("bold", True, False), ("it", False, True), ("x in it", True, False)]
    sentence = " It goes on long enough to be the main text of this page, one would hope."
    page = (
        "<html><body><nav><b>Home</b></nav><article>"
        + f"<p>Some <b>bold</b> and <em>slanted</em> text.{sentence * 3}</p>"
        + f"<p>A second paragraph.{sentence * 3}</p></article></body></html>"
    ).encode()
    html = parse_article(page, "html")
    spans = [(html.text[e.start : e.end], e.bold, e.italic) for e in html.emphasis]
    assert spans == [("bold", True, False), ("slanted", False, True)]
    assert html.text.startswith("Some bold and slanted text.")
