"""Parsed articles kept by the digest of their bytes, so that a long article opened again is
not decoded, cleaned and split into blocks again (150 ms for 5 MB, against 20 ms to read back).

An entry is one line of JSON (blocks, emphasis, title…) and then the text as UTF-8: read
back, the text is one decode of its bytes (JSON-embedded, orjson's parse of a 5 MB text
peaked at 70 MB above the text itself, the largest allocation of an opening).

The cache is only a cache: an entry that is missing, unreadable, of another version or not
consistent with itself is ignored and written again. It holds the parse's result, never the
article's identity: the text's hash (which finds its annotations) is always worked out afresh
from the text read back, so no cache file, however altered, can give an article another's id.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Any

import orjson

from reader.core.articles.formats import ParsedDocument
from reader.core.articles.model import BLOCK_SEPARATOR, Block, BlockKind, Emphasis
from reader.core.articles.text import has_unsafe
from reader.core.files import write_atomically

CACHE_FROM_BYTES = 256 * 1024
"""Files smaller than this parse faster than their cache entry is read."""
CACHE_VERSION = 2
"""Raised whenever a parser changes what it makes: older entries are then not used."""
MAX_ENTRIES = 64
"""Entries kept at most; the least recently used go first."""
ENTRY_SUFFIX = ".parse"
_OLD_SUFFIX = ".json"
"""Entries before version 2 (the text inside the JSON), removed when the folder is pruned."""

_folder: Path | None = None
_KINDS = {kind.value: kind for kind in BlockKind}


def use_cache(folder: Path | None) -> None:
    """Keep parsed articles in `folder` from now on (None: keep none, the default)."""
    global _folder
    _folder = folder


def _entry_path(data: bytes, kind: str) -> Path | None:
    if _folder is None or len(data) < CACHE_FROM_BYTES:
        return None
    digest = hashlib.sha256(data).hexdigest()
    return _folder / f"{digest[:40]}-{kind}-v{CACHE_VERSION}{ENTRY_SUFFIX}"


def cached_parse(data: bytes, kind: str) -> tuple[ParsedDocument, str] | None:
    """The parse of these bytes as `kind` and how they were decoded, if it was kept."""
    path = _entry_path(data, kind)
    if path is None:
        return None
    try:
        entry = read_entry(path)
    except (OSError, ValueError):
        return None
    found = _from_entry(entry)
    if found is not None:
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept longest
    return found


def keep_parse(data: bytes, kind: str, parsed: ParsedDocument, decoding: str) -> None:
    """Keep a parse for the next opening (silently skipped when it cannot be written)."""
    path = _entry_path(data, kind)
    if path is None:
        return
    entry = {
        "version": CACHE_VERSION,
        "text": parsed.text,
        "blocks": [list(block) for block in parsed.blocks],
        "emphasis": [list(item) for item in parsed.emphasis],
        "title": parsed.title,
        "author": parsed.author,
        "date": parsed.date,
        "source": parsed.source,
        "decoding": decoding,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, entry_bytes(entry), durable=False)
        _prune(path.parent)
    except OSError:
        pass


def entry_bytes(entry: dict[str, Any]) -> bytes:
    """An entry as written: its facts as one line of JSON, then its text as UTF-8."""
    text: bytes = entry["text"].encode("utf-8")
    facts = {name: value for name, value in entry.items() if name != "text"}
    return orjson.dumps({**facts, "text_bytes": len(text)}) + b"\n" + text


def read_entry(path: Path) -> dict[str, Any]:
    """An entry read back (ValueError when it is not one, or not whole)."""
    data = path.read_bytes()
    line_end = data.find(b"\n")
    if line_end < 0:
        raise ValueError("no end to the entry's facts")
    facts = orjson.loads(memoryview(data)[:line_end])
    text = memoryview(data)[line_end + 1 :]
    if not isinstance(facts, dict) or facts.pop("text_bytes", None) != len(text):
        raise ValueError("the entry's text is not as long as it says")
    return {**facts, "text": str(text, "utf-8")}


def _prune(folder: Path) -> None:
    for old in folder.glob(f"*{_OLD_SUFFIX}"):
        with contextlib.suppress(OSError):
            old.unlink()
    entries = sorted(
        folder.glob(f"*{ENTRY_SUFFIX}"), key=lambda item: item.stat().st_mtime, reverse=True
    )
    for stale in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            stale.unlink()


def _from_entry(entry: Any) -> tuple[ParsedDocument, str] | None:
    """The parse an entry holds, or None when it is not one this version wrote whole."""
    if not isinstance(entry, dict) or entry.get("version") != CACHE_VERSION:
        return None
    text, blocks, emphasis = entry.get("text"), entry.get("blocks"), entry.get("emphasis")
    named = [entry.get(name) for name in ("title", "author", "date", "source", "decoding")]
    strings = [value for value in named if isinstance(value, str)]
    if not isinstance(text, str) or len(strings) != len(named):
        return None
    if any(map(has_unsafe, [text, *strings])):  # what a parse never leaves (nor orjson a
        return None  # lone surrogate)
    if not isinstance(blocks, list) or not isinstance(emphasis, list):
        return None
    try:
        made = [
            Block(_KINDS[kind], start, end, level, marker)
            for kind, start, end, level, marker in blocks
        ]
        styled = [Emphasis(start, end, bold, italic) for start, end, bold, italic in emphasis]
    except (KeyError, TypeError, ValueError):
        return None
    if not _consistent(made, styled, len(text)):
        return None
    title, author, date, source, decoding = strings
    return ParsedDocument(text, made, title, author, date, source, styled), decoding


def _consistent(blocks: list[Block], emphasis: list[Emphasis], length: int) -> bool:
    """True when the blocks tile the text as a parse lays them (each after the one before and
    a separator, from its start to its end), and the emphases lie within it."""
    expected = 0
    for block in blocks:
        if not (
            type(block.start) is int
            and type(block.end) is int
            and block.start == expected
            and block.start <= block.end <= length
            and type(block.level) is int
            and isinstance(block.marker, str)
        ):
            return False
        expected = block.end + len(BLOCK_SEPARATOR)
    if not blocks or blocks[-1].end != length:
        return False
    # Each marker once (a 5 MB article has 27,000 blocks and two or three markers).
    if any(map(has_unsafe, {block.marker for block in blocks})):
        return False
    return all(
        type(item.start) is int
        and type(item.end) is int
        and 0 <= item.start <= item.end <= length
        and type(item.bold) is bool
        and type(item.italic) is bool
        for item in emphasis
    )
