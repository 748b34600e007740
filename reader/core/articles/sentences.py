"""Sentence boundaries, by rule: fast, offline, and careful with abbreviations and initials."""

from __future__ import annotations

import re

# Words that end in a full stop without ending a sentence (compared in lower case, no dot).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft rev gen col lt sgt capt cmdr gov sen rep pres supt insp jan
    feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun no
    nos vol vols p pp fig figs ch sec art ed eds est approx dept univ assn bros co corp inc ltd
    vs etc al cf ca viz ave blvd rd hwy
    """.split()  # noqa: SIM905 (one word list reads better than 80 quoted strings)
)

# A candidate end: terminal punctuation, any closing quotes or brackets, then whitespace.
_CANDIDATE = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s)")
# What may start the next sentence: a capital or digit, maybe after an opening quote or dash.
_SENTENCE_START = re.compile(r"\s+[\"'\u201c\u2018\u2014\-]*[^\W_a-z]")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_SPACES = re.compile(r"\s*")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at `dot` ends an abbreviation or an initial, not a sentence."""
    match = _WORD_BEFORE.search(text, max(0, dot - 40), dot + 1)
    if match is None:
        return False
    word = match.group(1).rstrip(".")
    if not word:
        return False
    if "." in word:  # U.S., e.g., Ph.D.
        return True
    if len(word) == 1 and word.isalpha():  # initials: "David J. Smith"
        return True
    return word.lower() in ABBREVIATIONS


def split(text: str) -> list[tuple[int, int]]:
    """Split one block's text into `[start, end)` sentence ranges, trimmed of outer spaces."""
    ranges: list[tuple[int, int]] = []
    start = _SPACES.match(text).end()  # type: ignore[union-attr]
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        if not _SENTENCE_START.match(text, end):
            continue
        punctuation = match.group(0)
        single_full_stop = len(punctuation.rstrip("\"'\u201d\u2019)]")) == 1
        if (
            punctuation.startswith(".")
            and single_full_stop
            and _is_abbreviation(text, match.start())
        ):
            continue
        if end > start:
            ranges.append((start, end))
        start = _SPACES.match(text, end).end()  # type: ignore[union-attr]
    tail_end = len(text.rstrip())
    if tail_end > start:
        ranges.append((start, tail_end))
    return ranges
