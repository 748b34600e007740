"""The article model: canonical text, blocks, metadata and identity."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from reader.core.articles.sentences import split as split_sentences
from reader.core.articles.text import display_path

ARTICLE_SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
"""File endings `reader` opens, and the format each one is read as."""

BLOCK_SEPARATOR = "\n\n"
"""What stands between two blocks in the canonical text."""


class BlockKind(StrEnum):
    """What a block of the canonical text is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    LIST_ITEM = "list_item"
    CODE = "code"


class Emphasis(NamedTuple):
    """Inline emphasis of the canonical text: `[start, end)` in bold, in italics, or both.

    A style only: the canonical text, its hash and every offset are the same without it.
    """

    start: int
    end: int
    bold: bool = False
    italic: bool = False


class Block(NamedTuple):
    """A `[start, end)` range of the canonical text with its kind.

    A named tuple rather than a dataclass: a long article has a hundred thousand of them, and
    tuples are built several times faster.
    """

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    """Heading level (1-6), or nesting depth of a list item or quote (1 = outermost)."""
    marker: str = ""
    """A list item's bullet or number as written ("-", "3."); empty for continuation paragraphs."""


class ArticleError(Exception):
    """An article file that cannot be opened; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{display_path(path)}: {reason}")
        self.path = Path(path)
        self.reason = reason


def text_hash(text: str) -> str:
    """The SHA-256 of a canonical text, as `sha256:<hex>`."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id_for(hash_: str) -> str:
    """The id an article gets when it is first seen: derived from its text, stable afterwards."""
    return hash_.removeprefix("sha256:")[:16]


@dataclass(frozen=True)
class Article:
    """One readable document: its canonical text, blocks, metadata and identity."""

    text: str
    blocks: tuple[Block, ...]
    title: str
    path: Path | None = None
    format: str = "text"
    author: str = ""
    date: str = ""
    source: str = ""
    hash: str = ""
    id: str = ""
    decoding: str = field(default="", compare=False)
    """How the file's bytes were decoded when that was a guess ("" for UTF-8 or a BOM)."""
    emphasis: tuple[Emphasis, ...] = field(default=(), compare=False, repr=False)
    """Bold and italic stretches, in text order (a style: not part of the text or hash)."""
    _sentence_cache: dict[int, tuple[tuple[int, int], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        if not self.hash:
            object.__setattr__(self, "hash", text_hash(self.text))
        if not self.id:
            object.__setattr__(self, "id", article_id_for(self.hash))

    def block_index_at(self, offset: int) -> int | None:
        """The index of the block containing `offset` (or ending at it), None between blocks."""
        low, high = 0, len(self.blocks)
        while low < high:
            middle = (low + high) // 2
            if self.blocks[middle].end < offset:
                low = middle + 1
            else:
                high = middle
        if low < len(self.blocks) and self.blocks[low].start <= offset <= self.blocks[low].end:
            return low
        return None

    def sentences_in_block(self, index: int) -> tuple[tuple[int, int], ...]:
        """Sentence ranges of one block, segmented the first time they are asked for."""
        cached = self._sentence_cache.get(index)
        if cached is None:
            block = self.blocks[index]
            if block.kind is BlockKind.CODE or block.kind is BlockKind.HEADING:
                cached = ((block.start, block.end),)
            else:
                cached = tuple(
                    (block.start + start, block.start + end)
                    for start, end in split_sentences(self.text[block.start : block.end])
                )
            self._sentence_cache[index] = cached
        return cached

    def sentence_at(self, offset: int) -> tuple[int, int] | None:
        """The `[start, end)` of the sentence containing `offset`, None between blocks."""
        index = self.block_index_at(offset)
        if index is None:
            return None
        ranges = self.sentences_in_block(index)
        for start, end in ranges:
            if offset < end:
                return (start, end)
        return ranges[-1] if ranges else None


class TextBuilder:
    """Collects blocks into one canonical text, keeping each block's offsets."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self.emphasis: list[Emphasis] = []

    def add(
        self,
        kind: BlockKind,
        content: str,
        level: int = 0,
        marker: str = "",
        emphasis: Iterable[Emphasis] = (),
    ) -> None:
        """Append a block; blocks that are blank after trimming are skipped. `emphasis` is
        given in offsets into `content` as passed."""
        kept = content.strip("\n") if kind is BlockKind.CODE else content.strip()
        if not kept.strip():
            return
        cut = content.find(kept)
        if self._parts:
            self._parts.append(BLOCK_SEPARATOR)
            self._length += len(BLOCK_SEPARATOR)
        start = self._length
        self._parts.append(kept)
        self._length += len(kept)
        self.blocks.append(Block(kind, start, self._length, level, marker))
        for span in emphasis:
            low = max(0, span.start - cut)
            high = min(len(kept), span.end - cut)
            if high > low:
                self.emphasis.append(span._replace(start=start + low, end=start + high))

    def text(self) -> str:
        """The canonical text built so far."""
        return "".join(self._parts)
