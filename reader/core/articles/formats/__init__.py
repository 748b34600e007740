"""One module per article format; each turns cleaned text into canonical text and blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.articles.model import Block, Emphasis


@dataclass(frozen=True)
class ParsedDocument:
    """What a format parser found: canonical text, blocks and whatever metadata it had."""

    text: str
    blocks: list[Block]
    title: str = ""
    author: str = ""
    date: str = ""
    source: str = ""
    emphasis: list[Emphasis] = field(default_factory=list)
    """Bold and italic stretches of the text (a style only)."""
