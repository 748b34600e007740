"""Markdown: YAML front matter for metadata, markdown-it for structure, inline markup dropped."""

from __future__ import annotations

import datetime
import re
import threading
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.core.articles.formats import ParsedDocument
from reader.core.articles.model import BlockKind, Emphasis, TextBuilder
from reader.core.articles.text import valid_text

_FRONT_MATTER = re.compile(r"\A---[^\S\n]*\n(.*?\n)?(?:---|\.\.\.)[^\S\n]*(?:\n|\Z)", re.DOTALL)


MAX_NESTING = 120
"""Quotes and lists nest this deep (in parser levels, two a list) before text is flattened."""


_PARSERS = threading.local()


def _parser() -> MarkdownIt:
    """One parser per thread, made once: a parser is a web of objects that only the cycle
    collector frees, and one per article made batch commands on large folders grow to a GB."""
    parser: MarkdownIt | None = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(
            ["table", "strikethrough"]
        )
        _PARSERS.parser = parser
    return parser


def _stopped_early(tokens: Sequence[Token], body: str) -> bool:
    """True when the parser gave up before the end of the text (too deep to nest further)."""
    last_line = len(body.rstrip().splitlines())
    if last_line == 0:
        return False
    reached = max((token.map[1] for token in tokens if token.map), default=0)
    deepest = max((token.level for token in tokens), default=0)
    return reached < last_line or deepest >= MAX_NESTING - 2


class FrontMatterError(ValueError):
    """The YAML front matter of a Markdown article cannot be parsed."""


def _metadata_value(value: Any) -> str:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_metadata_value(item) for item in value)
    text = "" if value is None else str(value)
    # YAML may spell a lone surrogate ("\\ud800"), which is not text: made valid where it enters.
    return valid_text(text)


def split_front_matter(raw: str) -> tuple[dict[str, str], str]:
    """Separate YAML front matter from the Markdown body; metadata values become strings."""
    match = _FRONT_MATTER.match(raw)
    if match is None:
        return {}, raw
    import yaml

    source = match.group(1) or ""
    try:
        # Aliases are refused: nine nested ones in 388 bytes expand past any memory (a "billion
        # laughs"), and front matter has no use for them.
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(source, yaml.SafeLoader)):
            raise FrontMatterError("its front matter uses YAML aliases (*name), which are not read")
        loaded = yaml.safe_load(source)
    except RecursionError:
        raise FrontMatterError("its front matter is nested too deeply to be metadata") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise FrontMatterError(f"its front matter is not valid YAML{where}") from None
    body = raw[match.end() :]
    if not isinstance(loaded, dict):
        return {}, body
    return {str(key).lower(): _metadata_value(value) for key, value in loaded.items()}, body


def _inline_text(token: Token) -> str:
    return _inline(token)[0]


def _inline(token: Token) -> tuple[str, list[Emphasis]]:
    """An inline token's text, and where it is bold or italic (offsets into that text)."""
    parts: list[str] = []
    spans: list[Emphasis] = []
    length = 0
    opened: dict[str, list[int]] = {"strong": [], "em": []}
    for child in token.children or ():
        kind = child.type
        piece = ""
        if kind in ("text", "code_inline"):
            piece = child.content
        elif kind == "softbreak":
            piece = " "
        elif kind == "hardbreak":
            piece = "\n"
        elif kind == "image":
            piece = _inline_text(child)
        elif kind in ("strong_open", "em_open"):
            opened[kind[:-5]].append(length)
        elif kind in ("strong_close", "em_close") and opened[kind[:-6]]:
            start = opened[kind[:-6]].pop()
            if length > start:
                spans.append(
                    Emphasis(start, length, bold=kind == "strong_close", italic=kind == "em_close")
                )
        if piece:
            parts.append(piece)
            length += len(piece)
    return "".join(parts), spans


class _Walker:
    """Walks markdown-it's token stream, keeping track of quotes and lists around each token."""

    def __init__(self, builder: TextBuilder) -> None:
        self.builder = builder
        self.quote_depth = 0
        # One entry per open list: the next number (None for bullets) and the bullet character.
        self.lists: list[list[Any]] = []
        self.pending_marker = ""
        self.first_heading = ""

    def walk(self, tokens: Sequence[Token]) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "blockquote_open":
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth -= 1
            elif kind == "bullet_list_open":
                self.lists.append([None, token.markup or "-"])
            elif kind == "ordered_list_open":
                start = token.attrGet("start")
                self.lists.append([int(start) if start is not None else 1, token.markup or "."])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                number, markup = self.lists[-1]
                if number is None:
                    self.pending_marker = markup
                else:
                    self.pending_marker = f"{number}{markup}"
                    self.lists[-1][0] = number + 1
            elif kind == "heading_open":
                text, emphasis = _inline(tokens[index + 1])
                if not self.first_heading:
                    self.first_heading = text
                level = int(token.tag[1:])
                self.builder.add(BlockKind.HEADING, text, level=level, emphasis=emphasis)
                index += 2
            elif kind == "paragraph_open":
                self._add_text(*_inline(tokens[index + 1]))
                index += 2
            elif kind in ("fence", "code_block"):
                self.builder.add(BlockKind.CODE, token.content)
            elif kind == "tr_open":
                cells: list[str] = []
                index += 1
                while tokens[index].type != "tr_close":
                    if tokens[index].type == "inline":
                        cells.append(_inline_text(tokens[index]).strip())
                    index += 1
                self._add_text(" | ".join(cells))
            index += 1

    def _add_text(self, text: str, emphasis: Sequence[Emphasis] = ()) -> None:
        if self.lists:
            self.builder.add(
                BlockKind.LIST_ITEM,
                text,
                level=len(self.lists),
                marker=self.pending_marker,
                emphasis=emphasis,
            )
            self.pending_marker = ""
        elif self.quote_depth:
            self.builder.add(BlockKind.QUOTE, text, level=self.quote_depth, emphasis=emphasis)
        else:
            self.builder.add(BlockKind.PARAGRAPH, text, emphasis=emphasis)


def parse_markdown(raw: str) -> ParsedDocument:
    """Turn Markdown into canonical text; front matter gives title, author, date and source."""
    metadata, body = split_front_matter(raw)
    parser = _parser()
    builder = TextBuilder()
    walker = _Walker(builder)
    try:
        tokens = parser.parse(body)
    except RecursionError:
        tokens = []
    if _stopped_early(tokens, body):
        # Nested deeper than any article needs (quotes in quotes a hundred deep): the parser
        # would drop the rest without a word; the text is kept, flattened to paragraphs.
        from reader.core.articles.formats.plain import parse_plain

        flat = parse_plain(body)
        return ParsedDocument(
            flat.text,
            flat.blocks,
            title=metadata.get("title") or flat.title,
            author=metadata.get("author", ""),
            date=metadata.get("date", ""),
            source=metadata.get("source") or metadata.get("url", ""),
        )
    walker.walk(tokens)
    return ParsedDocument(
        builder.text(),
        builder.blocks,
        title=metadata.get("title") or walker.first_heading,
        author=metadata.get("author", ""),
        date=metadata.get("date", ""),
        source=metadata.get("source") or metadata.get("url", ""),
        emphasis=builder.emphasis,
    )
