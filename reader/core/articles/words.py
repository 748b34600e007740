"""Words in canonical text: whole-word edges for highlights, and word stops for motions.

A highlight made from a selection that begins or ends inside a word takes the whole word, as
Kindle and most readers do, with the punctuation that belongs to it: a comma, a full stop, a
closing quote or bracket after, an opening one before (everything up to the spaces). Edges
never cross a block boundary: blocks are separated by a blank line, which is whitespace.
"""

from __future__ import annotations

import re

_WORD_CHARACTER = re.compile(r"\w")
_INSIDE_WORD = frozenset("'’-‐.,")
"""Characters that join two parts of one word: it's, so-called, 4.5, 1,000."""
_TOKEN = re.compile(r"\S+")


def _is_word(character: str) -> bool:
    return bool(_WORD_CHARACTER.match(character))


def _joins(text: str, position: int) -> bool:
    """True when `text[position]` joins the word characters either side of it."""
    return (
        0 < position < len(text) - 1
        and text[position] in _INSIDE_WORD
        and _is_word(text[position - 1])
        and _is_word(text[position + 1])
    )


def _in_word(text: str, position: int) -> bool:
    return 0 <= position < len(text) and (_is_word(text[position]) or _joins(text, position))


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    """The word around `offset` (with its joined parts), or None on a space or punctuation."""
    if not _in_word(text, offset):
        return None
    start, end = offset, offset + 1
    while _in_word(text, start - 1):
        start -= 1
    while _in_word(text, end):
        end += 1
    return start, end


def whole_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """`[start, end)` grown to whole words, with the punctuation that belongs to them (what
    runs up to the spaces either side: "ocean,", "(AP)", "“lichens”,"), and trimmed of
    spaces; never past a blank line. None when nothing but spaces is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return None
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def next_token(text: str, offset: int) -> int | None:
    """The start of the next word with its punctuation ("(AP)", "1." are one stop each)."""
    current = _TOKEN.match(text, offset)
    found = _TOKEN.search(text, current.end() if current else offset + 1)
    return found.start() if found is not None else None


def previous_token(text: str, offset: int) -> int | None:
    """The start of this token when inside it, else of the one before."""
    position = offset - 1
    while position >= 0 and text[position].isspace():
        position -= 1
    if position < 0:
        return None
    while position > 0 and not text[position - 1].isspace():
        position -= 1
    return position


def _last_letter(text: str, start: int, end: int) -> int:
    """The last word character of `text[start:end]`, else its last character."""
    for position in range(end - 1, start - 1, -1):
        if _is_word(text[position]):
            return position
    return end - 1


def token_end(text: str, offset: int) -> int | None:
    """The last letter of this token, or of the next one when already there or past it:
    where vim's `e` goes ("(AP)" ends on its P, then the next token)."""
    if 0 <= offset < len(text) and not text[offset].isspace():
        start = offset
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        current = _TOKEN.match(text, start)
        if current is not None and offset < _last_letter(text, start, current.end()):
            return _last_letter(text, start, current.end())
        following = _TOKEN.search(text, current.end() if current else offset + 1)
    else:
        following = _TOKEN.search(text, max(0, offset))
    if following is None:
        return None
    return _last_letter(text, following.start(), following.end())
