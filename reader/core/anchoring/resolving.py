"""Resolving a target in the current text: position if unchanged, else the quote, else orphan."""

from __future__ import annotations

from reader.core.anchoring.anchors import ORPHAN, Anchor, AnchorStatus
from reader.core.anchoring.matching import QuoteMatcher
from reader.core.anchoring.selectors import Target


def resolve(target: Target, text: str, text_hash: str = "") -> Anchor:
    """Find `target` in `text`: position if the text is unchanged, else the quote, else orphan.

    Never attaches an annotation to a passage that merely looks alike: candidates must be
    vouched for by their surroundings (or be a long quote that occurs exactly once).
    """
    start, end = target.position.start, target.position.end
    position_valid = 0 <= start < end <= len(text)
    # The position is trusted only where the text there is the quote: a backup of an orphan
    # (no position, the current hash) must not come back as the article's first words.
    if (
        text_hash
        and target.text_hash == text_hash
        and position_valid
        and text[start:end] == target.quote.exact
    ):
        return Anchor(AnchorStatus.EXACT, start, end, 1.0)
    if not target.quote.exact.strip():
        return ORPHAN
    matcher = QuoteMatcher(target.quote, text)
    # No place and no context (an import from an app that keeps neither): a quote found more
    # than once could be any of its copies, and picking one is a guess.
    unplaced = start == end and not (target.quote.prefix or target.quote.suffix)
    if unplaced:
        # Nor is an approximate match: words alike with nothing around them to vouch for
        # them ("the green proposal" is not "the red proposal").
        if len(matcher.copies(2)) > 1:
            return ORPHAN
        return matcher.exact(start) or ORPHAN
    found = matcher.exact(start) or matcher.fuzzy(start)
    return found if found is not None else ORPHAN
