"""Whole-word edges for highlights, and the word stops of `w`, `b` and `e`."""

from __future__ import annotations

import pytest

from reader.core.articles.words import next_token, previous_token, token_end, whole_words, word_at

TEXT = (
    "A tide pool can be the size of a dinner plate or a bathtub, and for a few hours it is an"
    " island: cut off from the ocean, warming in the sun.\n\nDenver (AP) — It was the first time."
    "\n\n1. Splash zone: periwinkles and so-called “lichens”, mostly $4.5 million."
)


def _grown(fragment: str, cut_start: int = 0, cut_end: int = 0) -> str:
    """`fragment` found in TEXT, its edges moved inwards by the cuts, then grown."""
    start = TEXT.index(fragment) + cut_start
    end = TEXT.index(fragment) + len(fragment) - cut_end
    span = whole_words(TEXT, start, end)
    assert span is not None
    return TEXT[span[0] : span[1]]


@pytest.mark.parametrize(
    ("fragment", "cuts", "expected"),
    [
        ("ocean, warming in the", (0, 2), "ocean, warming in the"),  # "…in t" (keys)
        ("bathtub, and for a few hours", (3, 1), "bathtub, and for a few hours"),  # a drag
        ("the sun", (0, 0), "the sun."),  # the full stop belongs to the last word
        ("island", (2, 2), "island:"),  # inside one word: the word
        ("so-called", (3, 0), "so-called"),  # a hyphen joins a word
        ("lichens", (0, 0), "“lichens”,"),  # quotes and the comma that belong to it
        ("$4.5 million", (2, 0), "$4.5 million."),  # the sign belongs to the number
        (" It was ", (0, 0), "It was"),  # spaces at the edges are dropped
    ],
)
def test_edges_grow_to_whole_words(fragment: str, cuts: tuple[int, int], expected: str) -> None:
    """A selection that begins or ends inside a word takes the whole word, and the
    punctuation that belongs to it; spaces at the edges are dropped."""
    assert _grown(fragment, *cuts) == expected


def test_edges_never_cross_a_blank_line() -> None:
    """Growing stops at the end of the paragraph."""
    start = TEXT.index("the sun")
    end = TEXT.index("sun") + 3
    span = whole_words(TEXT, start, end + 1)
    assert span is not None and "\n" not in TEXT[span[0] : span[1]]
    assert whole_words(TEXT, end + 1, end + 3) is None  # the blank line alone


def test_word_stops_treat_punctuation_as_part_of_a_word() -> None:
    """`w` stops once at "(AP)" and at "1.", `b` comes back to them, `e` ends on a word's
    last letter."""
    ap = TEXT.index("(AP)")
    assert next_token(TEXT, TEXT.index("Denver")) == ap
    assert next_token(TEXT, ap) == TEXT.index("—")
    assert previous_token(TEXT, TEXT.index("—")) == ap
    one = TEXT.index("1.")
    assert next_token(TEXT, one) == TEXT.index("Splash")
    assert previous_token(TEXT, TEXT.index("Splash")) == one
    assert token_end(TEXT, TEXT.index("Splash")) == TEXT.index("Splash") + 5
    assert token_end(TEXT, TEXT.index("ocean")) == TEXT.index("ocean") + 4
    assert word_at(TEXT, TEXT.index("called")) == (
        TEXT.index("so-called"),
        TEXT.index("so-called") + 9,
    )


def test_e_goes_from_token_to_token_never_inside_one() -> None:
    """From "(AP)", `e` goes to its P, then to the end of the next token ("—"), never to the
    closing bracket; from "1." to the 1, then to "Splash"."""
    ap = TEXT.index("(AP)")
    assert token_end(TEXT, ap) == ap + 2
    assert token_end(TEXT, ap + 2) == TEXT.index("—")
    one = TEXT.index("1.")
    assert token_end(TEXT, one) == TEXT.index("Splash") + 5
