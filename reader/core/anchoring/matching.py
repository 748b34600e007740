"""Finding a quote selector in a text: exactly (chosen by context), else approximately."""

from __future__ import annotations

import re
from itertools import islice

from reader.core.anchoring.anchors import Anchor, AnchorStatus
from reader.core.anchoring.literal_places import literal_places
from reader.core.anchoring.selectors import CONTEXT_LENGTH, TextQuoteSelector
from reader.core.articles.text import collapse_whitespace

MIN_CONTEXT_SCORE = 0.6
"""Below this, the surroundings of a candidate do not vouch for it."""
# How a place is scored, the weights of Hypothesis's match-quote.ts: the quote counts most, its
# context (prefix and suffix together) next, and nearness to where it was a little.
QUOTE_WEIGHT = 50
CONTEXT_WEIGHT = 40
POSITION_WEIGHT = 2


def blended_score(quote: float, context: float, start: int, hint: int, length: int) -> float:
    """One score in [0, 1] for a place: quote similarity, context similarity and how near the
    place is to the hint, weighed as above (1.0: the same words, among the same words, where
    they were)."""
    nearness = 1.0 - min(1.0, abs(start - hint) / max(1, length))
    total = QUOTE_WEIGHT * quote + CONTEXT_WEIGHT * context + POSITION_WEIGHT * nearness
    return round(total / (QUOTE_WEIGHT + CONTEXT_WEIGHT + POSITION_WEIGHT), 3)


LONG_PASSAGE = 40
NEARLY_SAME = 0.95
MIN_CONTEXT_FOR_SAME_PASSAGE = 0.4
"""A quote at least LONG_PASSAGE long and at least NEARLY_SAME alike needs only this much of its
context (both neighbours may have changed); a reworded copy elsewhere has less."""
WHOLE_TEXT_ALIGNMENT = 256 * 1024
"""Texts up to this length are aligned whole; in longer ones the quote is first looked for
near where it was (NEAR_HINT either side), then roughly everywhere and aligned where found."""
NEAR_HINT = 16 * 1024
CUT_OFF_CONTEXT_SCORE = 0.75
"""How context the text has no room for (before its start, after its end) counts: above the
minimum, so it never rules a place out, below a real match, so it never wins over one."""
MIN_QUOTE_SCORE = 0.75
"""Below this, an approximate match of the quote is not the same passage."""
DISTINCTIVE_QUOTE_LENGTH = 16
"""A unique exact quote at least this long is trusted even where its surroundings changed."""
MAX_EXACT_CANDIDATES = 50_000
"""Enough repeats of a quote to choose among; a quote repeated more often is ambiguous anyway."""


def text_similarity(left: str, right: str) -> float:
    """Indel similarity in [0, 1] of two strings whose whitespace runs compare equal."""
    from rapidfuzz import fuzz  # imported when first needed: most opens never re-anchor

    left, right = collapse_whitespace(left), collapse_whitespace(right)
    if not left and not right:
        return 1.0
    return fuzz.ratio(left, right) / 100.0


_SAME_MARKS = {
    **dict.fromkeys("'‘’ʼ", "['‘’ʼ]"),
    **dict.fromkeys('"“”„', '["“”„]'),
}
"""Straight and curly quotation marks and apostrophes: one app writes what another curls."""


def quote_pattern(exact: str) -> re.Pattern[str]:
    """The quote's words with any whitespace between them (a re-wrapped copy matches), and
    straight or curly quotation marks alike."""
    words = exact.split()
    return re.compile(
        r"\s+".join("".join(_SAME_MARKS.get(ch) or re.escape(ch) for ch in word) for word in words)
    )


class QuoteMatcher:
    """Scores candidate places for one quote selector in one text."""

    def __init__(self, quote: TextQuoteSelector, text: str) -> None:
        self.quote = quote
        self.text = text
        self.prefix = collapse_whitespace(quote.prefix)
        self.suffix = collapse_whitespace(quote.suffix)

    def context_score(self, start: int, end: int) -> float:
        """How well the text around `[start, end)` matches the stored prefix and suffix.

        Context cut off by the start or the end of the text is not a mismatch: what the text
        still has room for is compared, and what it has no room for counts as neither for nor
        against (CUT_OFF_CONTEXT_SCORE), so a place whose context really matches still wins.
        """
        weight = len(self.prefix) + len(self.suffix)
        if weight == 0:
            return 1.0
        seen, compared = self._seen_context(start, end)
        return (seen + (weight - compared) * CUT_OFF_CONTEXT_SCORE) / weight

    def seen_context_score(self, start: int, end: int) -> float | None:
        """How well the context the text has room for matches (None: none of it has room)."""
        seen, compared = self._seen_context(start, end)
        return seen / compared if compared else None

    def _seen_context(self, start: int, end: int) -> tuple[float, int]:
        """The similarity of the context the text has room for, weighed by its length, and
        that length."""
        # Compare against a slightly longer stretch, trimmed to the same collapsed length, so
        # that a whitespace change near the quote does not shift the comparison window.
        score, compared = 0.0, 0
        if self.prefix:
            window = self.text[max(0, start - 2 * CONTEXT_LENGTH) : start]
            before = collapse_whitespace(window)
            wanted = self.prefix
            if start - len(window) == 0 and len(before) < len(wanted):
                wanted = wanted[len(wanted) - len(before) :]
            if wanted:
                score += len(wanted) * text_similarity(wanted, before[-len(wanted) :])
                compared += len(wanted)
        if self.suffix:
            window = self.text[end : end + 2 * CONTEXT_LENGTH]
            after = collapse_whitespace(window)
            wanted = self.suffix
            if end + len(window) == len(self.text) and len(after) < len(wanted):
                wanted = wanted[: len(after)]
            if wanted:
                score += len(wanted) * text_similarity(wanted, after[: len(wanted)])
                compared += len(wanted)
        return score, compared

    def copies(self, limit: int = MAX_EXACT_CANDIDATES) -> list[tuple[int, int]]:
        """Where the quote occurs as written (whitespace aside), at most `limit` places."""
        found = self._literal_candidates(self.quote.exact, limit)
        if not found:
            found = [
                m.span() for m in islice(quote_pattern(self.quote.exact).finditer(self.text), limit)
            ]
        return found

    def exact(self, hint: int) -> Anchor | None:
        """The best place where the quote occurs as written (whitespace aside), if trusted."""
        # str.find is many times faster than a regular expression on a long text; the
        # whitespace-insensitive search runs only when the literal quote is not trusted.
        literal = self.quote.exact
        found = self._choose(self._literal_candidates(literal), hint)
        if found is None:
            pattern = quote_pattern(literal)
            candidates = []
            for match in pattern.finditer(self.text):
                candidates.append(match.span())
                if len(candidates) >= MAX_EXACT_CANDIDATES:
                    break
            found = self._choose(candidates, hint)
        return found

    def _literal_candidates(
        self, literal: str, limit: int = MAX_EXACT_CANDIDATES
    ) -> list[tuple[int, int]]:
        return literal_places(self.text, literal, limit)

    def _choose(self, candidates: list[tuple[int, int]], hint: int) -> Anchor | None:
        """The candidate whose context fits best (nearest the hint on ties), if trusted."""
        if not candidates:
            return None
        scored = [
            (self.context_score(start, end), -abs(start - hint), start, end)
            for start, end in candidates
        ]
        context, _, start, end = max(scored)
        # A long quote is worth attaching for review even where no context vouches for it: its
        # words are still in the text (once, or repeated: then the place nearest the old one).
        distinctive = len(collapse_whitespace(self.quote.exact)) >= DISTINCTIVE_QUOTE_LENGTH
        if context < MIN_CONTEXT_SCORE:
            block = self._only_whole_block(candidates)
            if block is not None:
                # Its words were a whole block (a heading) among words extraction dropped,
                # and one copy alone is a whole block here: that one, for review.
                score = blended_score(1.0, MIN_CONTEXT_SCORE, block[0], hint, len(self.text))
                return Anchor(AnchorStatus.FUZZY, *block, score)
            if not distinctive:
                return None
            # No copy's context vouches for it: their small differences are noise, and the
            # copy nearest where the annotation was is the one to review.
            context, _, start, end = max(scored, key=lambda item: (item[1], item[0]))
        score = blended_score(1.0, context, start, hint, len(self.text))
        if context < MIN_CONTEXT_SCORE:
            # A long quote found once, but not among the words it was made among (a refrain
            # whose other copy was cut): attached, with a score that says so, for review.
            return Anchor(AnchorStatus.FUZZY, start, end, score)
        status = AnchorStatus.EXACT if start == hint else AnchorStatus.MOVED
        return Anchor(status, start, end, score)

    def _only_whole_block(self, candidates: list[tuple[int, int]]) -> tuple[int, int] | None:
        """The one candidate that is a whole block of the text (a line to itself), when the
        quote was one where it was made (line breaks before and after it); else None."""
        before, after = self.quote.prefix.rstrip(" \t"), self.quote.suffix.lstrip(" \t")
        if not (before.endswith("\n") and after.startswith("\n")):
            return None
        text = self.text
        blocks = [
            (start, end)
            for start, end in candidates
            if (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")
        ]
        return blocks[0] if len(blocks) == 1 else None

    def _refine(self, start: int, end: int, hint: int) -> tuple[int, int]:
        """Exact edges for an approximate match: a semi-global (infix) alignment of the quote
        near the rough place (Myers' bit-parallel algorithm, through edlib), the fewest errors
        first, then the best context, then the place nearest where the annotation was; then
        the edges snapped to words and kept inside one block, as the quote was."""
        import edlib

        quote = self.quote.exact
        pad = len(quote) + 2 * CONTEXT_LENGTH
        low, high = max(0, start - pad), min(len(self.text), end + pad)
        window = self.text[low:high]
        try:
            found = edlib.align(quote, window, mode="HW", task="locations")
        except ValueError:  # more distinct characters than edlib's alphabet holds
            return start, end
        places = [
            (low + first, low + last + 1)
            for first, last in found.get("locations") or ()
            if first is not None and last is not None
        ]
        if found.get("editDistance", -1) < 0 or not places:
            return start, end
        best = max(places, key=lambda span: (self.context_score(*span), -abs(span[0] - hint)))
        return snapped(self.text, *best, quote)

    def fuzzy(self, hint: int = 0) -> Anchor | None:
        """The best approximate place for quote and context together, if it is close enough."""
        exact = collapse_whitespace(self.quote.exact)
        prefix = (
            self.prefix + " " if self.prefix and self.quote.prefix[-1:].isspace() else self.prefix
        )
        suffix = (
            " " + self.suffix if self.suffix and self.quote.suffix[:1].isspace() else self.suffix
        )
        needle = prefix + exact + suffix
        if not exact or not self.text:
            return None
        whole = self._align_in_whole_text(hint)
        if whole is not None:
            start, end = trimmed(self.text, *whole)
            return self._scored(start, end, exact, hint) if end > start else None
        from rapidfuzz import fuzz

        found = fuzz.partial_ratio_alignment(needle, self.text)
        if found is None or found.score == 0:
            return None
        region_start = found.dest_start
        region = self.text[region_start : found.dest_end]
        start = region_start + _map_position(needle, region, len(prefix), found.src_start)
        end = region_start + _map_position(
            needle, region, len(prefix) + len(exact), found.src_start
        )
        start, end = self._refine(start, end, hint)
        start, end = trimmed(self.text, start, end)
        if end <= start:
            return None
        return self._scored(start, end, exact, hint)

    def _align_in_whole_text(self, hint: int) -> tuple[int, int] | None:
        """The best infix alignment of the quote in the text, or near `hint` in a long one
        (None when there is none close enough, or the text has more distinct characters than
        edlib's alphabet): of places with the fewest errors, the best context, then the
        nearest to where the annotation was."""
        import edlib

        quote = self.quote.exact
        low, high = 0, len(self.text)
        if high > WHOLE_TEXT_ALIGNMENT:  # a long text: look around the old place first
            low, high = max(0, hint - NEAR_HINT), min(high, hint + NEAR_HINT)
        allowed = max(1, int(len(quote) * (1 - MIN_QUOTE_SCORE)))
        try:
            found = edlib.align(quote, self.text[low:high], mode="HW", task="locations", k=allowed)
        except ValueError:
            return None
        places = [
            (low + first, low + last + 1)
            for first, last in found.get("locations") or ()
            if first is not None and last is not None
        ]
        if found.get("editDistance", -1) < 0 or not places:
            return None
        best = max(places, key=lambda span: (self.context_score(*span), -abs(span[0] - hint)))
        return snapped(self.text, *best, quote)

    def _is_own_context(self, found: str, quote_score: float) -> bool:
        """True when the words found are more like the quote's stored neighbours than the
        quote (its passage was cut and what followed it moved up): they never stand in for
        it."""
        size = len(collapse_whitespace(found))
        if self.suffix and text_similarity(self.suffix[:size], found) >= quote_score:
            return True
        return bool(self.prefix) and text_similarity(self.prefix[-size:], found) >= quote_score

    def _scored(self, start: int, end: int, exact: str, hint: int) -> Anchor | None:
        """The anchor for an approximate place, if quote and context are close enough."""
        found = self.text[start:end]
        quote_score = text_similarity(self.quote.exact, found)
        if self._is_own_context(found, quote_score):
            return None
        context = self.context_score(start, end)
        has_context = bool(self.prefix or self.suffix)
        # A long passage nearly unchanged is the same passage even when both its neighbours
        # changed (a paragraph moved and lightly trimmed, a sentence split from cut neighbours).
        # An approximate quote needs the context the text has room for to vouch for it: the
        # neutral score of context cut off by the text's edge never makes up for the rest.
        seen = self.seen_context_score(start, end)
        real_context = min(context, seen) if seen is not None else context
        vouched = real_context >= MIN_CONTEXT_SCORE
        same_passage = (
            quote_score >= NEARLY_SAME
            and len(exact) >= LONG_PASSAGE
            and context >= MIN_CONTEXT_FOR_SAME_PASSAGE
        )
        if quote_score < MIN_QUOTE_SCORE or (has_context and not vouched and not same_passage):
            return None
        score = blended_score(quote_score, context, start, hint, len(self.text))
        return Anchor(AnchorStatus.FUZZY, start, end, score)


def _map_position(needle: str, region: str, position: int, needle_offset: int) -> int:
    """Where `needle[position]` falls in `region`, by an edit-distance alignment of the two.

    `needle_offset` is where the aligned part of the needle begins (partial alignments may
    leave out the needle's first characters when the region is at the start of the text).
    """
    from rapidfuzz.distance import Levenshtein

    position = max(0, position - needle_offset)
    aligned = needle[needle_offset:]
    for opcode in Levenshtein.opcodes(aligned, region):
        if opcode.src_start <= position < opcode.src_end or position == opcode.src_end == len(
            aligned
        ):
            if opcode.tag in ("equal", "replace"):
                return min(opcode.dest_start + (position - opcode.src_start), opcode.dest_end)
            return opcode.dest_start if opcode.tag == "delete" else opcode.dest_end
    return len(region)


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


def snapped(text: str, start: int, end: int, quote: str) -> tuple[int, int]:
    """Edges moved to whole words where the quote began or ended on one, and the span kept
    inside one block (paragraph) unless the quote itself crossed one."""
    if "\n\n" not in quote and "\n\n" in text[start:end]:
        pieces: list[tuple[int, int]] = []
        position = start
        for part in text[start:end].split("\n\n"):
            pieces.append((position, position + len(part)))
            position += len(part) + 2
        start, end = max(pieces, key=lambda span: text_similarity(quote, text[span[0] : span[1]]))
    if quote[:1] and _is_word(quote[0]) and 0 < start < len(text) and _is_word(text[start - 1]):
        left = start
        while left > 0 and _is_word(text[left - 1]):
            left -= 1
        right = start
        while right < end and _is_word(text[right]):
            right += 1
        while right < end and not _is_word(text[right]):
            right += 1
        start = max(
            (left, right),
            key=lambda edge: text_similarity(quote, text[edge:end]) if edge < end else -1,
        )
    if quote[-1:] and _is_word(quote[-1]) and 0 < end < len(text) and _is_word(text[end]):
        right = end
        while right < len(text) and _is_word(text[right]):
            right += 1
        left = end
        while left > start and _is_word(text[left - 1]):
            left -= 1
        while left > start and not _is_word(text[left - 1]):
            left -= 1
        end = max(
            (right, left),
            key=lambda edge: text_similarity(quote, text[start:edge]) if edge > start else -1,
        )
    return start, end


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """`[start, end)` without whitespace at either edge."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
