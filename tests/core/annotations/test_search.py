"""Finding words: case and spacing ignored, order kept."""

from __future__ import annotations

from reader.core.annotations import fields_matcher, find_all, pattern_for
from reader.core.annotations.search import query_terms


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


def test_an_annotation_matches_when_it_holds_every_word_in_any_order_and_field() -> None:
    """Among annotations each word is looked for on its own (in the quote, the note or the
    tags); "note 99" found nothing in "note number 99 about…" when words had to be a phrase."""
    matches = fields_matcher("note 99")
    assert matches is not None
    assert matches("a quote", "note number 99 about it", ())
    assert not matches("a quote", "note number 98 about it", ())
    across = fields_matcher("Lucero people director")
    assert across is not None and across("Henry Lucero", "The ICE director", ("people",))
    assert not across("Henry Lucero", "The ICE director", ())


def test_a_quoted_phrase_keeps_its_words_together_and_in_order() -> None:
    """ "Immigration Enforcement" in quotes needs those words side by side; unquoted, both."""
    quote = "U.S. Immigration and Customs Enforcement has subpoenaed"
    loose, phrase = fields_matcher("Immigration Enforcement"), fields_matcher('"immigration and"')
    assert loose is not None and loose(quote, "", ())
    assert phrase is not None and phrase(quote, "", ())
    reversed_phrase = fields_matcher('"and immigration"')
    assert reversed_phrase is not None and not reversed_phrase(quote, "", ())
    assert query_terms('custody "the court" of') == ["custody", "the court", "of"]
    assert query_terms('left "open') == ["left", "open"] and query_terms('" "') == []
