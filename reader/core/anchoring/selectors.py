"""W3C text selectors: the quote with its context, the position, and making them for a range."""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT_LENGTH = 32
"""How many characters of prefix and suffix a quote selector keeps."""


@dataclass(frozen=True, slots=True)
class TextQuoteSelector:
    """The quoted text with a little of what came before and after it (W3C)."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class TextPositionSelector:
    """Code-point offsets `[start, end)` into the canonical text (W3C)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Target:
    """Where an annotation was made: quote, position and the hash of the text it was made on."""

    quote: TextQuoteSelector
    position: TextPositionSelector
    text_hash: str = ""


def make_target(text: str, start: int, end: int, text_hash: str = "") -> Target:
    """Selectors for `text[start:end]`, with context for finding it again after edits."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"range [{start}, {end}) is not inside a text of length {len(text)}")
    return Target(
        TextQuoteSelector(
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT_LENGTH) : start],
            suffix=text[end : end + CONTEXT_LENGTH],
        ),
        TextPositionSelector(start, end),
        text_hash,
    )
