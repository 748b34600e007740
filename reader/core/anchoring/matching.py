"""Finding a quote selector in a text: exactly (chosen by context), else approximately."""

from __future__ import annotations

import re

from reader.core.anchoring.anchors import Anchor, AnchorStatus
from reader.core.anchoring.selectors import CONTEXT_LENGTH, TextQuoteSelector
from reader.core.articles.text import collapse_whitespace

MIN_CONTEXT_SCORE = 0.6
"""Below this, the surroundings of a candidate do not vouch for it."""
CUT_OFF_CONTEXT_SCORE = 0.75
"""How context the text has no room for (before its start, after its end) counts: above the
minimum, so it never rules a place out, below a real match, so it never wins over one."""
MIN_QUOTE_SCORE = 0.75
"""Below this, an approximate match of the quote is not the same passage."""
DISTINCTIVE_QUOTE_LENGTH = 16
"""A unique exact quote at least this long is trusted even where its surroundings changed."""
MAX_EXACT_CANDIDATES = 50_000
"""Enough repeats of a quote to choose among; a quote repeated more often is ambiguous anyway."""


def _similarity(left: str, right: str) -> float:
    """Indel similarity in [0, 1] of two strings whose whitespace runs compare equal."""
    from rapidfuzz import fuzz  # imported when first needed: most opens never re-anchor

    left, right = collapse_whitespace(left), collapse_whitespace(right)
    if not left and not right:
        return 1.0
    return fuzz.ratio(left, right) / 100.0


def _quote_pattern(exact: str) -> re.Pattern[str]:
    words = exact.split()
    return re.compile(r"\s+".join(re.escape(word) for word in words))


class QuoteMatcher:
    """Scores candidate places for one quote selector in one text."""

    def __init__(self, quote: TextQuoteSelector, text: str) -> None:
        self.quote = quote
        self.text = text
        self.prefix = collapse_whitespace(quote.prefix)
        self.suffix = collapse_whitespace(quote.suffix)

    def context_score(self, start: int, end: int) -> float:
        """How well the text around `[start, end)` matches the stored prefix and suffix."""
        # Compare against a slightly longer stretch, trimmed to the same collapsed length, so that
        # a whitespace change near the quote does not shift the comparison window. Context cut
        # off by the start or the end of the text is not a mismatch: what the text still has
        # room for is compared, and what it has no room for counts as neither for nor against
        # (CUT_OFF_CONTEXT_SCORE), so a place whose context really matches still wins.
        weight = len(self.prefix) + len(self.suffix)
        if weight == 0:
            return 1.0
        score = 0.0
        if self.prefix:
            window = self.text[max(0, start - 2 * CONTEXT_LENGTH) : start]
            before = collapse_whitespace(window)
            wanted = self.prefix
            if start - len(window) == 0 and len(before) < len(wanted):
                missing = len(wanted) - len(before)
                score += missing * CUT_OFF_CONTEXT_SCORE
                wanted = wanted[missing:]
            if wanted:
                score += len(wanted) * _similarity(wanted, before[-len(wanted) :])
        if self.suffix:
            window = self.text[end : end + 2 * CONTEXT_LENGTH]
            after = collapse_whitespace(window)
            wanted = self.suffix
            if end + len(window) == len(self.text) and len(after) < len(wanted):
                missing = len(wanted) - len(after)
                score += missing * CUT_OFF_CONTEXT_SCORE
                wanted = wanted[: len(after)]
            if wanted:
                score += len(wanted) * _similarity(wanted, after[: len(wanted)])
        return score / weight

    def exact(self, hint: int) -> Anchor | None:
        """The best place where the quote occurs as written (whitespace aside), if trusted."""
        # str.find is many times faster than a regular expression on a long text; the
        # whitespace-insensitive search runs only when the literal quote is not trusted.
        literal = self.quote.exact
        found = self._choose(self._literal_candidates(literal), hint)
        if found is None:
            pattern = _quote_pattern(literal)
            candidates = []
            for match in pattern.finditer(self.text):
                candidates.append(match.span())
                if len(candidates) >= MAX_EXACT_CANDIDATES:
                    break
            found = self._choose(candidates, hint)
        return found

    def _literal_candidates(self, literal: str) -> list[tuple[int, int]]:
        candidates: list[tuple[int, int]] = []
        position = self.text.find(literal)
        while position != -1 and len(candidates) < MAX_EXACT_CANDIDATES:
            candidates.append((position, position + len(literal)))
            position = self.text.find(literal, position + 1)
        return candidates

    def _choose(self, candidates: list[tuple[int, int]], hint: int) -> Anchor | None:
        """The candidate whose context fits best (nearest the hint on ties), if trusted."""
        if not candidates:
            return None
        scored = [
            (self.context_score(start, end), -abs(start - hint), start, end)
            for start, end in candidates
        ]
        context, _, start, end = max(scored)
        distinctive = (
            len(candidates) == 1
            and len(collapse_whitespace(self.quote.exact)) >= DISTINCTIVE_QUOTE_LENGTH
        )
        if context < MIN_CONTEXT_SCORE and not distinctive:
            return None
        status = AnchorStatus.EXACT if start == hint else AnchorStatus.MOVED
        return Anchor(status, start, end, 1.0)

    def fuzzy(self) -> Anchor | None:
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
        start, end = _trim(self.text, start, end)
        if end <= start:
            return None
        quote_score = _similarity(self.quote.exact, self.text[start:end])
        context = self.context_score(start, end)
        has_context = bool(self.prefix or self.suffix)
        if quote_score < MIN_QUOTE_SCORE or (has_context and context < MIN_CONTEXT_SCORE):
            return None
        weight = len(exact) + len(self.prefix) + len(self.suffix)
        score = (len(exact) * quote_score + (weight - len(exact)) * context) / weight
        return Anchor(AnchorStatus.FUZZY, start, end, round(score, 3))


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


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
