"""Members of an article's bytes in the database file (`"id":{…},"id":{…}`, as a compaction
writes them): read one at a time, found one by its id, cut out."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from reader.core.store.encoding import LARGE_JSON_BYTES
from reader.core.store.encoding import STRICT_DECODER as _STRICT

Document = dict[str, Any]


_PIECE_BYTES = 256 * 1024
"""Bytes of an article decoded at a time when its annotations are read."""
_MEMBER_WINDOW = 4096
"""Bytes first decoded to find one annotation in its article's (doubled until it fits)."""
_SPACE = re.compile(r"[ \t\n\r]*")
"""What JSON counts as white space between tokens."""


@dataclass(frozen=True)
class Member:
    """One annotation found in an article's bytes: where its member lies, and its document."""

    start: int
    """Where `"id":` begins."""
    stop: int
    """Just past the document's closing brace."""
    doc: Document


def each_member(raw: bytes, piece: int | None = None) -> Iterator[tuple[str, Any]]:
    """The members of an article's bytes (`"id":{…},"id":{…}`), each parsed as it comes,
    as strictly as the whole file is read (no NaN or Infinity); ValueError if they are not
    JSON object members.

    Under a megabyte the bytes are parsed whole by orjson (an export reads a thousand such
    articles: three times faster than the standard library's scanner, and the peak is small);
    larger ones, or with `piece` given, are decoded `piece` bytes at a time, so the text of an
    article of 10,000 annotations (8 MB) is never held whole beside its bytes and the
    documents built from it. (A key given twice: the last one, as when the whole file is read.)
    """
    if piece is None and len(raw) < LARGE_JSON_BYTES:
        members = orjson.loads(b"{" + raw + b"}")  # (a JSONDecodeError is a ValueError)
        if not isinstance(members, dict):  # (braces close it: never, unless it is not members)
            raise ValueError("not the members of an object")
        yield from members.items()
        return
    yield from _members_in_pieces(raw, piece or _PIECE_BYTES)


def _members_in_pieces(raw: bytes, piece: int) -> Iterator[tuple[str, Any]]:
    """`each_member`, decoding `piece` bytes at a time."""
    source = _Pieces(raw, piece)
    at, after_comma = 0, False
    while True:
        text = source.text
        at = _skip_space(text, at)
        if at >= len(text):
            if source.more(at):
                at = 0
                continue
            if after_comma:
                raise ValueError("the last member is followed by a comma")
            return
        try:
            key, value, end = _member(text, at)
            end = _skip_space(text, end)
            if end >= len(text) and not source.done:  # (a number may go on in the next piece)
                raise ValueError("the member may go on")
            if end < len(text) and text[end] != ",":  # (or `1.` of `1.5`: the same)
                raise ValueError(f"a comma was expected at character {end}")
        except ValueError:
            if source.more(at):  # cut off by the piece's end, or damaged: only the end says
                at = 0
                continue
            raise
        yield key, value
        if end >= len(text):
            return
        at, after_comma = end + 1, True


def _member(text: str, at: int) -> tuple[str, Any, int]:
    """The member at `at` (`"key": value`): its key, its value and where it ends."""
    if text[at] != '"':
        raise ValueError(f"a member's key was expected at character {at}")
    key, at = _STRICT.raw_decode(text, at)  # (a string: it begins with a quote)
    at = _skip_space(text, at)
    if text[at : at + 1] != ":":
        raise ValueError(f"a colon was expected at character {at}")
    value, at = _STRICT.raw_decode(text, _skip_space(text, at + 1))
    return key, value, at


class _Pieces:
    """Bytes decoded a piece at a time; `text` holds the decoded part not yet parsed."""

    def __init__(self, raw: bytes, piece: int) -> None:
        self._raw = memoryview(raw)
        self._piece = piece
        self._fed = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.text = ""

    @property
    def done(self) -> bool:
        """True once every byte is decoded."""
        return self._fed >= len(self._raw)

    def more(self, keep_from: int) -> bool:
        """Decode the next piece onto the text from `keep_from` (what came before is parsed);
        False when there is no more."""
        if self.done:
            return False
        piece = self._raw[self._fed : self._fed + self._piece]
        self._fed += len(piece)
        self.text = self.text[keep_from:] + self._decoder.decode(piece, final=self.done)
        return True


def _skip_space(text: str, at: int) -> int:
    """Where the next token begins, from `at`."""
    return _SPACE.match(text, at).end()  # type: ignore[union-attr]


def find_member(raw: bytes, key: str) -> Member | None:
    """The member of `key` among an article's bytes (`"id":{…},"id":{…}`, as a compaction
    writes them), its document parsed alone; None when it is not found there.

    Inside a JSON string every quotation mark is escaped, so `"key":` occurs unescaped only
    as an object's key; one inside another annotation (a nested object) is told apart by its
    place (a member begins the bytes or follows a comma) and by its id.
    """
    needle = orjson.dumps(key) + b":"  # as the compaction wrote it
    found = raw.find(needle)
    while found >= 0:
        if found == 0 or raw[found - 1] == ord(","):
            start = found + len(needle)
            stop = _object_end(raw, start)
            if stop is not None:
                try:
                    doc = orjson.loads(raw[start:stop])  # strictly, as the whole is read
                except orjson.JSONDecodeError:
                    doc = None
                if isinstance(doc, dict) and doc.get("id") == key:
                    return Member(found, stop, doc)
        found = raw.find(needle, found + 1)
    return None


def _object_end(raw: bytes, start: int) -> int | None:
    """Where the JSON value starting at `start` ends, in bytes (None if it does not)."""
    window = _MEMBER_WINDOW
    while True:
        text = raw[start : start + window].decode("utf-8", errors="replace")
        try:
            _, end = _STRICT.raw_decode(text)
        except ValueError:
            if start + window >= len(raw):
                return None
            window *= 2
            continue
        return start + len(text[:end].encode("utf-8"))


def without_members(raw: bytes, members: Iterable[Member]) -> bytes:
    """An article's bytes with some of its members cut out (and their commas)."""
    parts, at = [], 0
    for member in sorted(members, key=lambda found: found.start):
        parts.append(raw[at : member.start])
        at = member.stop
    parts.append(raw[at:])
    # Each part begins and ends at a member's edge: only separating commas are stripped.
    return b",".join(kept for kept in (part.strip(b",") for part in parts) if kept)
