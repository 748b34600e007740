"""Approximate matches land on exact edges: whole words, one block, nearest the old place."""

from __future__ import annotations

import pytest

from reader.core.anchoring import (
    AnchorStatus,
    Target,
    TextPositionSelector,
    TextQuoteSelector,
    resolve,
)

TEXT = (
    "We met the day before us all, and after that a great discovery was made by them.\n\n"
    "Pelto said the project would cost $40 million, a figure others disputed.\n\n"
    "The next paragraph begins here and goes on."
)


def _found(quote: str, hint: int = 0, prefix: str = "", suffix: str = "") -> str:
    target = Target(
        TextQuoteSelector(quote, prefix, suffix), TextPositionSelector(hint, hint + 1), ""
    )
    anchor = resolve(target, TEXT, "")
    assert anchor.status is AnchorStatus.FUZZY, anchor
    return TEXT[anchor.start : anchor.end]


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("befor us", "before us"),  # found "efore us" with a fixed-width window
        ("discvery", "discovery"),  # found "discover"
        ("Pelto sad the project", "Pelto said the project"),  # ended at "Pelto sai"
        ("cost $40 millon, a figure", "cost $40 million, a figure"),
    ],
)
def test_edges_are_those_of_the_fewest_errors_snapped_to_words(quote: str, expected: str) -> None:
    """A semi-global alignment gives the exact start and end; a quote that began and ended on
    word boundaries keeps doing so."""
    assert _found(quote) == expected


def test_a_match_never_runs_into_the_next_paragraph() -> None:
    """A quote inside one paragraph stays inside it, even when the text around it changed."""
    found = _found("a figre others disputed", suffix=".")
    assert "\n" not in found and found.startswith("a figure others disputed")


def test_of_equally_good_places_the_nearest_to_the_old_one_wins() -> None:
    """The position is a hint in the fuzzy path too."""
    text = "alpha bravo charlie. " * 3 + "x" * 200 + " alpha bravo charlie."
    quote = TextQuoteSelector("alpha brav charlie")
    near_end = len(text) - 15
    anchor = resolve(Target(quote, TextPositionSelector(near_end, near_end + 18), ""), text, "")
    assert anchor.status is AnchorStatus.FUZZY and anchor.start > 200
