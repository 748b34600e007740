"""The navigator: every motion, the selection and the goal column, with no App."""

from __future__ import annotations

import pytest

from reader.core.articles import Article, parse_article
from reader.ui.reading.layout import ArticleLayout
from reader.ui.reading.navigator import MOTIONS, Navigator

TEXT = (
    b"# A title\n\nFirst sentence here. Second one, longer than the first. Third.\n\n"
    b"- an item\n- another item that wraps across rows when narrow\n\nLast paragraph."
)


@pytest.fixture
def article() -> Article:
    """A Markdown article with a heading, a paragraph of three sentences and a list."""
    return parse_article(TEXT, "markdown")


@pytest.fixture
def navigator(article: Article) -> Navigator:
    """A navigator over the article wrapped at 20 cells."""
    layout = ArticleLayout(article)
    layout.wrap(20)
    return Navigator(article, layout)


def at(article: Article, words: str) -> int:
    return article.text.index(words)


def test_clamp_keeps_offsets_on_characters(article: Article, navigator: Navigator) -> None:
    """Offsets between blocks go to the next block; past the end, to the last character."""
    separator = article.blocks[0].end
    assert navigator.clamp(separator) == article.blocks[1].start
    assert navigator.clamp(10**9) == len(article.text) - 1
    assert navigator.clamp(-5) == 0


def test_words_sentences_and_paragraphs(article: Article, navigator: Navigator) -> None:
    """w, b, ), (, } and { go where a vim user expects."""
    first = at(article, "First")
    assert navigator.word_next(first) == at(article, "sentence here")
    assert navigator.word_previous(at(article, "sentence here")) == first
    assert navigator.sentence_next(first) == at(article, "Second")
    assert navigator.sentence_previous(at(article, "Second") + 3) == at(article, "Second")
    assert navigator.sentence_previous(at(article, "Second")) == first
    assert navigator.paragraph_next(first) == at(article, "an item")
    assert navigator.paragraph_previous(first + 5) == first
    assert navigator.paragraph_previous(first) == 0
    assert navigator.paragraph_next(at(article, "Last")) is None


def test_left_and_right_cross_blocks(article: Article, navigator: Navigator) -> None:
    """Stepping off the end of a block lands on the next block's first character."""
    end_of_title = article.blocks[0].end - 1
    assert navigator.right(end_of_title) == article.blocks[1].start
    assert navigator.left(article.blocks[1].start) == end_of_title
    assert navigator.left(0) == 0


def test_top_bottom_and_unknown_motions(article: Article, navigator: Navigator) -> None:
    """Every named motion exists; an unknown one is refused."""
    assert navigator.motion("top", 40) == 0
    assert navigator.motion("bottom", 0) == len(article.text) - 1
    for name in MOTIONS:
        navigator.motion(name, 12)
    with pytest.raises(ValueError):
        navigator.motion("teleport", 0)


def test_vertical_moves_keep_the_goal_column(article: Article, navigator: Navigator) -> None:
    """Down through a short row and on keeps aiming at the column it started from."""
    layout = navigator.layout
    navigator.place(at(article, "longer") + 3)
    start_row = layout.row_of(navigator.cursor)
    goal = navigator.cells_before(layout.rows[start_row], navigator.cursor)
    for _ in range(3):
        navigator.place(navigator.rows_away(1), keep_goal=True)
    assert navigator.goal_cells == goal
    assert layout.row_of(navigator.cursor) > start_row
    navigator.place(0)
    assert navigator.goal_cells is None


def test_selection_includes_the_cursor_character(article: Article, navigator: Navigator) -> None:
    """A selection runs from its anchor to the cursor, the character under it included."""
    first = at(article, "First")
    navigator.place(first)
    navigator.anchor = first
    navigator.place(first + 4)
    assert navigator.selection == (first, first + 5)
    navigator.anchor = None
    assert navigator.selection is None
    assert navigator.select(first, first + 5) and navigator.cursor == first + 4
    assert not navigator.select(first, first)
