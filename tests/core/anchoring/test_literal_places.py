"""A quote's places are looked for once per annotation, not once per question asked of them
(resolving an unplaced import asked five times: five passes over a 5 MB text each)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.anchoring import Target, TextPositionSelector, TextQuoteSelector, resolve
from reader.core.anchoring.literal_places import literal_places


class CountedText(str):
    """A text that counts the searches made in it."""

    finds = 0

    def find(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        type(self).finds += 1
        return super().find(*args, **kwargs)


def test_an_unplaced_quote_is_looked_for_in_one_pass_however_often_it_is_resolved() -> None:
    """One pass (the first copy, then the rest of the text) for its copies and its place; the
    same quote resolved again, with the place found as its hint, reads the text no more."""
    text = CountedText("Lorem ipsum. " * 2000 + "The one sentence that is here once. " + "x " * 100)
    CountedText.finds = 0
    quote = TextQuoteSelector("The one sentence that is here once.")
    found = resolve(Target(quote, TextPositionSelector(0, 0), ""), text)
    assert not found.is_orphan and text[found.start : found.end] == quote.exact
    assert CountedText.finds == 2
    again = resolve(Target(quote, TextPositionSelector(found.start, found.end), ""), text)
    assert (again.start, again.end) == (found.start, found.end) and CountedText.finds == 2


@given(
    st.text(alphabet="ab ", max_size=60),
    st.text(alphabet="ab", min_size=1, max_size=3),
    st.lists(st.integers(1, 8), min_size=1, max_size=4),
)
def test_places_are_those_a_search_finds_whatever_limits_were_asked_before(
    text: str, literal: str, limits: list[int]
) -> None:
    """Asked with a small limit, then a larger one: always the first places in order."""
    every = [i for i in range(len(text)) if text.startswith(literal, i)]
    for limit in limits:
        places = literal_places(text, literal, limit)
        assert places == [(i, i + len(literal)) for i in every[:limit]]
