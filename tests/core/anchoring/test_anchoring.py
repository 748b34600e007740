"""Anchoring: annotations follow their text through edits, and are never misattached."""

from __future__ import annotations

import pytest

from reader.core.anchoring import (
    CONTEXT_LENGTH,
    AnchorStatus,
    Target,
    TextPositionSelector,
    TextQuoteSelector,
    make_target,
    resolve,
)
from reader.core.articles import load_article, text_hash
from tests.conftest import AP_ARTICLE

TEXT = load_article(AP_ARTICLE).text
SENTENCE = "Three were released from custody and one was still in custody."
LOOK_ALIKE = "Three were released from detention and one was still held in custody."


def _target(text: str, quote: str, occurrence: int = 0) -> Target:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return make_target(text, start, start + len(quote), text_hash(text))


def _found(text: str, target: Target) -> tuple[AnchorStatus, str]:
    anchor = resolve(target, text, text_hash(text))
    return anchor.status, text[anchor.start : anchor.end] if not anchor.is_orphan else ""


def test_make_target_keeps_context() -> None:
    """A target holds the quote, 32 characters either side, the position and the text hash."""
    target = _target(TEXT, SENTENCE)
    assert target.quote.exact == SENTENCE
    assert len(target.quote.prefix) == len(target.quote.suffix) == CONTEXT_LENGTH
    assert TEXT[target.position.start : target.position.end] == SENTENCE
    assert target.text_hash == text_hash(TEXT)


def test_make_target_rejects_empty_or_outside_ranges() -> None:
    """Empty and out-of-range selections cannot become targets."""
    with pytest.raises(ValueError):
        make_target("abc", 2, 2)
    with pytest.raises(ValueError):
        make_target("abc", 1, 9)


def test_unchanged_text_resolves_exact_to_the_same_range() -> None:
    """Same hash: the stored position is used as it is."""
    target = _target(TEXT, SENTENCE)
    anchor = resolve(target, TEXT, text_hash(TEXT))
    assert (anchor.status, anchor.start, anchor.end, anchor.score) == (
        AnchorStatus.EXACT,
        target.position.start,
        target.position.end,
        1.0,
    )


def test_edit_elsewhere_keeping_position_is_exact() -> None:
    """An edit after the quote changes the hash but not its place: still exact."""
    target = _target(TEXT, SENTENCE)
    edited = TEXT.replace("Copyright 2021", "Copyright 2022")
    assert _found(edited, target) == (AnchorStatus.EXACT, SENTENCE)


def test_insertion_before_moves_the_annotation() -> None:
    """Text inserted before the quote shifts it: found as moved, same quote."""
    target = _target(TEXT, SENTENCE)
    edited = "An editor's note added at the top.\n\n" + TEXT
    assert _found(edited, target) == (AnchorStatus.MOVED, SENTENCE)


def test_paragraph_moved_far_away_is_found() -> None:
    """A whole paragraph moved to another place keeps its annotation."""
    paragraph = next(p for p in TEXT.split("\n\n") if SENTENCE in p)
    target = _target(TEXT, SENTENCE)
    without = TEXT.replace(paragraph + "\n\n", "")
    moved = without.replace("WASHINGTON (AP)", paragraph + "\n\nWASHINGTON (AP)")
    assert _found(moved, target) == (AnchorStatus.MOVED, SENTENCE)


def test_small_edit_inside_the_quote_is_fuzzy() -> None:
    """A reworded quote in the same place is found approximately, with a score below 1."""
    target = _target(TEXT, SENTENCE)
    edited = TEXT.replace(
        SENTENCE, "Three were released from custody, and one is still in custody."
    )
    anchor = resolve(target, edited, text_hash(edited))
    assert anchor.status is AnchorStatus.FUZZY
    assert (
        edited[anchor.start : anchor.end]
        == "Three were released from custody, and one is still in custody."
    )
    assert 0.8 <= anchor.score < 1.0


def test_whitespace_changes_compare_equal() -> None:
    """Re-wrapped or re-spaced text is the same quote."""
    target = _target(TEXT, SENTENCE)
    edited = TEXT.replace(SENTENCE, SENTENCE.replace(" ", "  ").replace("and one", "and\none"))
    status, found = _found(edited, target)
    assert status in (AnchorStatus.EXACT, AnchorStatus.MOVED)
    assert found.split() == SENTENCE.split()


def test_repeats_are_told_apart_by_context() -> None:
    """With the quote repeated, the copy whose surroundings match is chosen."""
    text = "Alpha beta gamma. The same words. Delta epsilon.\n\nZeta eta theta. The same words. Iota kappa."
    target = _target(text, "The same words.", occurrence=1)
    edited = "New opening line.\n\n" + text
    anchor = resolve(target, edited, text_hash(edited))
    assert anchor.status is AnchorStatus.MOVED
    assert edited[anchor.start - 16 : anchor.start] == "Zeta eta theta. "


def test_repeats_with_equal_context_prefer_the_old_position() -> None:
    """When context cannot decide, the copy nearest the old position wins."""
    text = "x. Same. y.\n\n" * 4
    target = _target(text, "Same.", occurrence=2)
    edited = "z" + text
    anchor = resolve(target, edited, text_hash(edited))
    assert anchor.start == target.position.start + 1


def test_deleted_sentence_with_look_alike_elsewhere_is_orphan() -> None:
    """The highlighted sentence is gone; a similar one elsewhere must not inherit it."""
    target = _target(TEXT, SENTENCE)
    edited = TEXT.replace(SENTENCE, "").replace("WASHINGTON (AP)", LOOK_ALIKE + " WASHINGTON (AP)")
    assert _found(edited, target) == (AnchorStatus.ORPHAN, "")


@pytest.mark.parametrize(
    "quote",
    [
        "ICE officials had no additional comment Thursday.",
        "ICE officers rely on help from local law enforcement.",
        "He also disputed that Denver",
    ],
)
def test_deleted_passages_with_reworded_copies_are_orphans(quote: str) -> None:
    """Each deleted passage, with a reworded copy in another paragraph, comes back orphan."""
    target = _target(TEXT, quote)
    reworded = quote.replace("ICE", "Federal").replace("He also", "She never")
    edited = TEXT.replace(quote, "").replace(
        "But immigrant advocates", reworded + " But immigrant advocates"
    )
    assert _found(edited, target)[0] is AnchorStatus.ORPHAN


def test_short_quote_deleted_is_not_attached_to_another_copy() -> None:
    """A one-word highlight whose occurrence was deleted does not jump to another 'ICE'."""
    start = TEXT.index("ICE officers rely")
    target = make_target(TEXT, start, start + 3, text_hash(TEXT))
    edited = TEXT[:start] + "Officers rely" + TEXT[start + len("ICE officers rely") :]
    assert _found(edited, target)[0] is AnchorStatus.ORPHAN


def test_deleted_text_is_orphan() -> None:
    """A quote whose text is gone entirely becomes an orphan."""
    target = _target(TEXT, SENTENCE)
    assert _found(TEXT.replace(SENTENCE, ""), target) == (AnchorStatus.ORPHAN, "")


def test_rewritten_beyond_recognition_is_orphan() -> None:
    """A quote rewritten so much that it is another sentence is an orphan, not fuzzy."""
    target = _target(TEXT, SENTENCE)
    edited = TEXT.replace(SENTENCE, "All four men remain in federal custody awaiting hearings.")
    assert _found(edited, target)[0] is AnchorStatus.ORPHAN


def test_quote_only_target_without_position_or_hash() -> None:
    """An imported quote with no usable position or hash is found by its text."""
    target = Target(TextQuoteSelector(SENTENCE), TextPositionSelector(0, len(SENTENCE)))
    assert _found(TEXT, target)[1] == SENTENCE


def test_quote_at_the_very_start_and_end() -> None:
    """Quotes touching either end of the text (no prefix or no suffix) re-anchor after edits."""
    text = "Opening words here. Middle part. Closing words there."
    first = make_target(text, 0, 19, text_hash(text))
    last = make_target(text, text.index("Closing"), len(text), text_hash(text))
    edited = text.replace("Middle part.", "A longer middle part now.")
    assert _found(edited, first)[1] == "Opening words here."
    assert _found(edited, last)[1] == "Closing words there."
    assert (
        _found("Openin words here. Middle part. Closing words there.", first)[0]
        is AnchorStatus.FUZZY
    )
