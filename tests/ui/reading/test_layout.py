"""Wrapping: every character is on exactly one row, rows fit, wide characters count double."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from reader.core.articles import Article, load_article, parse_article
from reader.paths import sample_articles_dir
from reader.ui.reading.layout import ArticleLayout, block_prefix


def _check_cover(article: Article, layout: ArticleLayout, width: int) -> None:
    """Rows of each block tile it exactly; every row fits the width with its prefix."""
    rows = layout.wrap(width)
    for index, block in enumerate(article.blocks):
        spans = [(row.start, row.end) for row in rows if row.block == index]
        assert spans[0][0] == block.start and spans[-1][1] == block.end
        assert all(left[1] == right[0] for left, right in zip(spans, spans[1:], strict=False))
    for row in rows:
        if row.block == -1:
            continue
        text = article.text[row.start : row.end].rstrip(" \n")
        prefix = block_prefix(article.blocks[row.block], row.first)
        assert cell_len(prefix) + cell_len(text) <= max(width, cell_len(prefix) + 1), text


@pytest.mark.parametrize("width", [12, 40, 77, 88])
def test_samples_wrap_without_losing_characters(width: int) -> None:
    """All four samples, at several widths, wrap into rows that cover every character once."""
    for path in sorted(sample_articles_dir().iterdir()):
        article = load_article(path)
        _check_cover(article, ArticleLayout(article), width)


def test_blank_rows_separate_blocks_and_offsets_map_back() -> None:
    """A blank row stands between blocks; row_of finds the row of any character."""
    article = load_article(sample_articles_dir() / "denver-ice-ap.txt")
    layout = ArticleLayout(article)
    rows = layout.wrap(60)
    assert rows[1].block == -1
    for offset in range(0, len(article.text), 97):
        if article.block_index_at(offset) is None or article.text[offset : offset + 2] == "\n\n":
            continue
        row = rows[layout.row_of(offset)]
        assert row.start <= offset < row.end or offset == row.end == article.blocks[row.block].end


def test_wide_characters_take_two_cells() -> None:
    """East Asian text and emoji wrap by cells, not characters."""
    article = parse_article(
        "标题\n\n这是一个很长的中文段落用来测试宽字符的换行是否正确处理 🎉🎉 以及表情符号。".encode(),
        "text",
    )
    layout = ArticleLayout(article)
    rows = layout.wrap(20)
    for row in rows:
        if row.block != -1:
            assert cell_len(article.text[row.start : row.end].rstrip()) <= 20
    _check_cover(article, layout, 20)


def test_code_keeps_its_lines() -> None:
    """Code blocks break at their own newlines and are not joined."""
    article = load_article(sample_articles_dir() / "tide-pools.md")
    layout = ArticleLayout(article)
    rows = layout.wrap(70)
    code = next(index for index, block in enumerate(article.blocks) if block.kind.value == "code")
    lines = [article.text[row.start : row.end].rstrip("\n") for row in rows if row.block == code]
    assert lines == article.text[article.blocks[code].start : article.blocks[code].end].split("\n")


def test_long_words_are_cut() -> None:
    """A word longer than the line is cut at the width."""
    article = parse_article(b"T\n\n" + b"x" * 50, "text")
    rows = ArticleLayout(article).wrap(20)
    assert [row.end - row.start for row in rows if row.block == 1] == [20, 20, 10]


def test_list_markers_and_quote_bars() -> None:
    """List items get their bullet or number, quotes a bar per level."""
    article = load_article(sample_articles_dir() / "tide-pools.md")
    prefixes = {block_prefix(block, True) for block in article.blocks}
    assert {"1. ", "• ", "│ "} <= prefixes


def test_row_offsets_hold_any_offset_of_the_largest_article_opened() -> None:
    """Rows are kept as four-byte machine integers: every offset of an article under the
    size limit fits (one past the largest, too)."""
    from array import array

    from reader.core.articles.text import MAX_ARTICLE_BYTES
    from reader.ui.reading.layout import ROW_TYPE

    assert array(ROW_TYPE, [MAX_ARTICLE_BYTES + 1])[0] == MAX_ARTICLE_BYTES + 1
