"""Markdown notes: one per article, safe to paste into Obsidian, a wiki or a git repository.

Quotes are escaped so that whatever an article contains renders as the text it was; notes stay
Markdown, with only what could break the document around them neutralised. What the reader
writes between keep markers in an exported note survives every later export.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from reader.core.anchoring import AnchorStatus
from reader.core.annotations import Annotation, ArticleAnnotations, Color, tag_text
from reader.core.articles.text import remove_unsafe, strip_unsafe_keep_newlines

KEEP_START = "<!-- reader:keep -->"
"""Opens a part of an exported note that re-exports keep."""
KEEP_END = "<!-- reader:end -->"
"""Closes it."""
SIGNATURE = "<!-- written by reader: text between reader:keep and reader:end survives re-export -->"
"""Marks a note as written by `reader` (only such notes are ever overwritten)."""
USER_SECTION = "## My notes"
ORPHAN_SECTION = "## Orphaned highlights"


class GroupBy(StrEnum):
    """How highlights are ordered in a note."""

    POSITION = "position"
    COLOR = "color"
    TAG = "tag"


# Characters with a meaning somewhere in CommonMark or Obsidian (emphasis, code, links, HTML,
# entities, tables, strikethrough, highlights, comments, maths, block ids): escaped in quotes.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|#=%$^!{}])")
_LIST_MARKER = re.compile(r"^(\s*)([-+])")
_ORDERED_MARKER = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
_LEADING_SPACES = re.compile(r"^( +)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BLOCK_ID = re.compile(r"(\s|^)\^([A-Za-z0-9-]+)\s*$")


def escape_text(text: str) -> str:
    """One line of plain text as Markdown that renders exactly as that text."""
    line = _INLINE_SPECIAL.sub(r"\\\1", remove_unsafe(text))
    first = line[:1]
    if first and (first in "-+ " or first.isdigit()):  # only line starts can open a block
        line = _LIST_MARKER.sub(r"\1\\\2", line)
        line = _ORDERED_MARKER.sub(r"\1\\\2", line)
        # Four leading spaces would start a code block: non-breaking spaces instead.
        line = _LEADING_SPACES.sub(lambda match: "&nbsp;" * len(match.group(1)), line)
    return line


def block_quote(text: str) -> str:
    """Text as a Markdown block quote, every line of it, escaped."""
    lines = re.split(r"\r\n?|\n", text)
    return "\n".join(f"> {escape_text(line)}".rstrip() for line in lines)


_ATX_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_SWALLOWING_HTML = re.compile(
    r"^( {0,3})<(?=(?:script|pre|style|textarea)(?:[\s>]|$)|\?|![A-Za-z]|!\[CDATA\[)",
    re.IGNORECASE,
)
_NOTE_HEADING_FLOOR = 4
"""Headings in a note start at this level, below the note's own structure."""


def safe_note(note: str) -> str:
    """A note's Markdown, kept as written except what could break the note around it.

    Headings are moved below the note's own levels, keep markers and HTML comments are
    defused, a line that would read as a block id is escaped, and an open code fence is closed.
    """
    lines = re.split(r"\r\n?|\n", strip_unsafe_keep_newlines(note).strip("\n"))
    out: list[str] = []
    open_fence = ""
    for line in lines:
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)
            if not open_fence:
                open_fence = marker[0] * len(marker)
            elif marker.startswith(open_fence):
                open_fence = ""
            out.append(line)
            continue
        if open_fence:
            out.append(line.replace("<!--", "<!- -"))  # code: only the comment opener changes
            continue
        line = line.replace("<!--", "&lt;!--")
        # HTML blocks that only end at their closing tag (<pre>, <script>, <style>, <textarea>,
        # <?…?>, <!DOCTYPE>, <![CDATA[…]]>) would swallow the rest of the note: shown as text.
        line = _SWALLOWING_HTML.sub(r"\1&lt;", line)
        line = _BLOCK_ID.sub(lambda match: f"{match.group(1)}\\^{match.group(2)}", line)
        underline = _SETEXT_UNDERLINE.match(line)
        previous = out[-1] if out else ""
        if underline and previous.strip() and not _is_block_start(previous):
            level = _NOTE_HEADING_FLOOR if underline.group(1)[0] == "=" else _NOTE_HEADING_FLOOR + 1
            out[-1] = "#" * level + " " + previous.strip()
            continue
        line = _ATX_HEADING.sub(
            lambda match: (
                match.group(1) + "#" * min(6, len(match.group(2)) + _NOTE_HEADING_FLOOR - 1)
            ),
            line,
        )
        out.append(line)
    if open_fence:
        out.append(open_fence)
    return "\n".join(out)


def _is_block_start(line: str) -> bool:
    """True for a line that is not paragraph text (a setext underline below it is no heading)."""
    stripped = line.lstrip()
    return bool(
        _ATX_HEADING.match(line)
        or _FENCE.match(line)
        or stripped.startswith((">", "- ", "* ", "+ ", "|", "<"))
        or re.match(r"\d{1,9}[.)](\s|$)", stripped)
        or len(line) - len(stripped) >= 4
    )


_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax, with what YAML reads differently escaped.

    YAML (1.1, as PyYAML reads it) takes U+0085, U+2028 and U+2029 as line breaks and refuses
    other non-printable characters, so those are written as \\u escapes.
    """
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def block_id(annotation: Annotation) -> str:
    """The Obsidian block id of a highlight: `hl-` and 8 hex digits of its id.

    A random UUID gives its first eight hex digits (as every earlier export did, so links to
    them keep working); any other id is hashed: one with spaces or a URL gave `^hl-   `, and
    time-ordered UUIDs (versions 6 and 7, as other tools make them) share their first digits
    for a minute at a time, so two highlights got one block id.
    """
    head = annotation.id[:9]
    time_ordered = len(annotation.id) > 14 and annotation.id[14] in "67"
    if re.fullmatch(r"[0-9a-fA-F]{8}-", head) and not time_ordered:
        return "hl-" + head[:8].lower()
    return "hl-" + hashlib.sha256(annotation.id.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class KeptText:
    """What the reader wrote in an earlier export, and after which highlight it stood."""

    blocks: dict[str, list[str]]
    """Keep blocks by the block id of the highlight they followed ("" for the user section)."""
    tail: str
    """Anything after the last keep block's end marker."""

    @property
    def empty(self) -> bool:
        """True when there is nothing to keep."""
        return not any(text.strip() for texts in self.blocks.values() for text in texts) and not (
            self.tail.strip()
        )


NOTHING_KEPT = KeptText({}, "")


def is_reader_note(text: str) -> bool:
    """True for a file this program wrote (the only kind it will overwrite)."""
    return text.startswith("---\n") and SIGNATURE in text and "\narticle_id: " in text


_KEPT_ANCHOR = re.compile(r"\^(hl-[0-9a-f]{8})")


def _nothing_written(previous: str) -> bool:
    """True when every keep block is empty and nothing follows the last: the common case."""
    position = 0
    while True:
        start = previous.find(KEEP_START, position)
        if start == -1:
            return not previous[position:].strip() or position == 0 and KEEP_END not in previous
        end = previous.find(KEEP_END, start)
        if end == -1 or previous[start + len(KEEP_START) : end].strip():
            return False
        position = end + len(KEEP_END)


def kept_text(previous: str) -> KeptText:
    """The keep blocks of an earlier export (and the text after the last one)."""
    if _nothing_written(previous):
        return NOTHING_KEPT
    blocks: dict[str, list[str]] = {}
    anchor = ""
    inside: list[str] | None = None
    lines = previous.split("\n")
    last_end = -1
    fence = ""
    for number, line in enumerate(lines):
        stripped = line.strip()
        opened = _FENCE.match(line) if line[:1] in (" ", "`", "~") else None
        if inside is None and (fence or opened):
            # Markers shown inside a code block of a note are text, not markers.
            if opened and not fence:
                fence = opened.group(1)[0] * len(opened.group(1))
            elif opened and opened.group(1).startswith(fence):
                fence = ""
            continue
        if inside is not None:
            if stripped == KEEP_END:
                blocks.setdefault(anchor, []).append("\n".join(inside).strip("\n"))
                inside = None
                last_end = number
            else:
                inside.append(line)
            continue
        if stripped == KEEP_START:
            inside = []
        elif stripped in (USER_SECTION, ORPHAN_SECTION):
            anchor = ""
        elif stripped.startswith("^"):
            found = _KEPT_ANCHOR.fullmatch(stripped)
            if found:
                anchor = found.group(1)
    if inside is not None:  # an unclosed keep block: keep what follows it, all of it
        blocks.setdefault(anchor, []).append("\n".join(inside).strip("\n"))
        return KeptText(blocks, "")
    tail = "\n".join(lines[last_end + 1 :]).strip("\n") if last_end >= 0 else ""
    return KeptText(blocks, tail)


def _keep_block(text: str) -> str:
    return f"{KEEP_START}\n{text}\n{KEEP_END}" if text else f"{KEEP_START}\n{KEEP_END}"


def _highlight(annotation: Annotation, kept: KeptText) -> str:
    """One highlight: quote, block id, colour and status, tags, note, and kept text."""
    identifier = block_id(annotation)
    parts = [block_quote(annotation.quote), f"^{identifier}"]
    details = [f"**{annotation.color.value}**"]
    resolution = annotation.resolution
    if resolution is not None and resolution.anchor.status is AnchorStatus.FUZZY:
        details.append(f"approximate match ({resolution.anchor.score:.2f})")
    tags = " ".join(filter(None, (tag_text(tag) for tag in annotation.tags)))
    if tags:
        details.append(tags)
    parts.append(" · ".join(details))
    if annotation.note.strip():
        parts.append(safe_note(annotation.note))
    parts.extend(_keep_block(text) for text in kept.blocks.get(identifier, []))
    return "\n\n".join(parts)


def _sections(
    annotations: Sequence[Annotation], group_by: GroupBy
) -> list[tuple[str, list[Annotation]]]:
    if group_by is GroupBy.COLOR:
        return [
            (f"## {color.value.title()}", [item for item in annotations if item.color is color])
            for color in Color
        ]
    if group_by is GroupBy.TAG:
        # A highlight appears once (block ids must be unique), under its first tag.
        by_tag: dict[str, list[Annotation]] = {}
        for item in annotations:
            key = item.tags[0] if item.tags else ""
            by_tag.setdefault(key, []).append(item)
        named = sorted((tag for tag in by_tag if tag), key=str.casefold)
        sections = [(f"## {escape_text(tag_text(tag) or tag)}", by_tag[tag]) for tag in named]
        if "" in by_tag:
            sections.append(("## Untagged", by_tag[""]))
        return sections
    return [("", list(annotations))]


def _position(annotation: Annotation) -> tuple[int, str]:
    resolution = annotation.resolution
    start = resolution.anchor.start if resolution is not None else annotation.target.position.start
    return start, annotation.created


def to_markdown(
    group: ArticleAnnotations,
    exported: str,
    group_by: GroupBy = GroupBy.POSITION,
    previous: str = "",
    kept: KeptText | None = None,
) -> str:
    """The Markdown note of one article; `previous` is the last export, whose kept text stays.

    `kept` may be given when the caller already parsed `previous`.
    """
    if kept is None:
        kept = kept_text(previous) if previous else NOTHING_KEPT
    placed = sorted(
        (item for item in group.annotations if item.status is not AnchorStatus.ORPHAN),
        key=_position,
    )
    orphans = sorted(
        (item for item in group.annotations if item.status is AnchorStatus.ORPHAN),
        key=lambda item: item.created,
    )
    tags: dict[str, str] = {}
    for item in [*placed, *orphans]:
        for tag in item.tags:
            tags.setdefault(tag.casefold(), tag)
    source = group.source or (group.path.as_uri() if group.path is not None else "")
    front = [
        "---",
        f"title: {yaml_string(' '.join(group.title.split()))}",
        f"author: {yaml_string(group.author)}",
        f"source: {yaml_string(source)}",
        f"article_id: {yaml_string(group.article_id)}",
        "tags: [" + ", ".join(yaml_string(tag) for tag in tags.values()) + "]",
        f"highlights: {len(placed) + len(orphans)}",  # a number, as Obsidian's properties expect
        f"exported: {yaml_string(exported)}",
        "---",
    ]
    body = [SIGNATURE, f"# {escape_text(' '.join(group.title.split()) or 'Untitled')}"]
    if group.missing:
        body.append("*The article's file was not found: quotes are as last seen.*")
    if not placed and not orphans:
        body.append("*No highlights yet.*")
    for heading, items in _sections(placed, group_by):
        if not items:
            continue
        if heading:
            body.append(heading)
        body.append("\n\n---\n\n".join(_highlight(item, kept) for item in items))
    if orphans:
        body.append(ORPHAN_SECTION)
        body.append(
            "*These highlights' text is no longer in the article. They are kept with their notes.*"
        )
        body.append("\n\n---\n\n".join(_highlight(item, kept) for item in orphans))
    # Kept text whose highlight is gone, and the reader's own section, are never dropped.
    current = {block_id(item) for item in group.annotations}
    leftovers = [
        text
        for anchor, texts in kept.blocks.items()
        if anchor not in current
        for text in texts
        if text.strip()
    ]
    body.append(USER_SECTION)
    body.extend(_keep_block(text) for text in leftovers)
    if not leftovers:
        body.append(_keep_block(""))
    if kept.tail:
        body.append(kept.tail)
    return "\n".join(front) + "\n\n" + "\n\n".join(body) + "\n"
