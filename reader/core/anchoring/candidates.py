"""Every place in a text that could be an annotation's passage, best first, for a person to
choose among (resolving picks one and trusts it; reviewing shows the others too)."""

from __future__ import annotations

from reader.core.anchoring.anchors import Anchor, AnchorStatus
from reader.core.anchoring.matching import (
    NEAR_HINT,
    WHOLE_TEXT_ALIGNMENT,
    QuoteMatcher,
    blended_score,
    quote_pattern,
    snapped,
    text_similarity,
    trimmed,
)
from reader.core.anchoring.selectors import Target

MIN_CANDIDATE_QUOTE_SCORE = 0.5
"""A place whose words are less like the quote than this is not offered at all."""
MAX_ALIGNMENT_PLACES = 200
"""Alignments looked at per quote: enough to find its few good places in a long text."""


def candidate_places(target: Target, text: str, limit: int = 5) -> list[Anchor]:
    """Up to `limit` places for `target` in `text`, best score first, none overlapping a
    better one: exact copies of the quote, then approximate ones (all FUZZY unless exact)."""
    quote = target.quote.exact
    if not quote.strip() or not text:
        return []
    matcher = QuoteMatcher(target.quote, text)
    hint = target.position.start
    scored: list[Anchor] = []
    for match in quote_pattern(quote).finditer(text):
        start, end = match.span()
        context = matcher.context_score(start, end)
        status = AnchorStatus.EXACT if start == hint else AnchorStatus.MOVED
        scored.append(
            Anchor(status, start, end, blended_score(1.0, context, start, hint, len(text)))
        )
        if len(scored) >= MAX_ALIGNMENT_PLACES:
            break
    for start, end in _aligned_places(quote, text, hint):
        similarity = text_similarity(quote, text[start:end])
        if similarity < MIN_CANDIDATE_QUOTE_SCORE or similarity == 1.0:
            continue
        context = matcher.context_score(start, end)
        score = blended_score(similarity, context, start, hint, len(text))
        scored.append(Anchor(AnchorStatus.FUZZY, start, end, score))
    chosen: list[Anchor] = []
    for anchor in sorted(scored, key=lambda item: (-item.score, abs(item.start - hint))):
        if all(anchor.end <= other.start or other.end <= anchor.start for other in chosen):
            chosen.append(anchor)
            if len(chosen) == limit:
                break
    return chosen


def _aligned_places(quote: str, text: str, hint: int, rounds: int = 6) -> list[tuple[int, int]]:
    """Approximate places of the quote (infix alignments with up to half its characters
    wrong), snapped to words; near `hint` only in a long text. An alignment gives only its
    best places, so each round blanks out what the last found and aligns again."""
    import edlib

    low, high = 0, len(text)
    if high > WHOLE_TEXT_ALIGNMENT:
        low, high = max(0, hint - NEAR_HINT), min(high, hint + NEAR_HINT)
    window = text[low:high]
    allowed = max(1, int(len(quote) * (1 - MIN_CANDIDATE_QUOTE_SCORE)))
    places: list[tuple[int, int]] = []
    for _ in range(rounds):
        try:
            found = edlib.align(quote, window, mode="HW", task="locations", k=allowed)
        except ValueError:  # more distinct characters than edlib's alphabet holds
            break
        locations = [
            (first, last + 1)
            for first, last in (found.get("locations") or ())[:MAX_ALIGNMENT_PLACES]
            if first is not None and last is not None
        ]
        if found.get("editDistance", -1) < 0 or not locations:
            break
        for first, last in locations:
            start, end = trimmed(text, *snapped(text, low + first, low + last, quote))
            if end > start:
                places.append((start, end))
        cover_start = min(first for first, _ in locations)
        cover_end = max(last for _, last in locations)
        window = window[:cover_start] + BLANK * (cover_end - cover_start) + window[cover_end:]
    return list(dict.fromkeys(places))


BLANK = "\x00"
"""What a found place is blanked out with: a character no quote holds (stored text has none)."""
