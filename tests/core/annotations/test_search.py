"""Finding words: case and spacing ignored, order kept."""

from __future__ import annotations

from reader.core.annotations import find_all, pattern_for


def test_case_and_whitespace_are_ignored() -> None:
    """`Law  Enforcement` finds "law enforcement" across a line break, in any case."""
    text = "Local law\nenforcement and LAW ENFORCEMENT; lawenforcement is not."
    assert [text[start:end] for start, end in find_all(text, "Law  Enforcement")] == [
        "law\nenforcement",
        "LAW ENFORCEMENT",
    ]


def test_special_characters_are_literal_and_empty_finds_nothing() -> None:
    """Regex characters in a query are plain text; a blank query finds nothing."""
    assert find_all("a (b) c.* d", "(b) c.*") == [(2, 9)]
    assert find_all("anything", "   ") == [] and pattern_for("") is None


def test_the_limit_is_respected() -> None:
    """At most `limit` matches are returned."""
    assert len(find_all("x " * 100, "x", limit=7)) == 7
