"""Markdown notes: one per article, safe to paste into Obsidian, a wiki or a git repository.

The note's values are made here, escaped for Markdown and YAML; its layout is a template (the
built-in one, or the user's). What the reader writes in an exported note survives every later
export: between keep markers under its highlight, anywhere else in a kept section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from reader.core.anchoring import AnchorStatus
from reader.core.annotations import Annotation, ArticleAnnotations, Color, clean_tag, tag_text
from reader.core.annotations.source_facts import (
    imported_from,
    source_marks,
    source_order,
    source_place,
)
from reader.core.export.block_ids import unique_block_ids
from reader.core.export.builtin_layout import render_builtin
from reader.core.export.keep import (
    NOTHING_KEPT,
    SIGNATURE,
    KeptText,
    is_reader_note,
    keep_block,
    kept_text,
    same_but_time,
    user_edits,
    with_checksum,
)
from reader.core.export.markdown_text import block_quote, escape_text, safe_note, yaml_string
from reader.core.export.note_template import NoteTemplate, NoteTemplateError


class GroupBy(StrEnum):
    """How highlights are ordered in a note."""

    POSITION = "position"
    COLOR = "color"
    TAG = "tag"


@dataclass(frozen=True)
class NoteStyle:
    """How notes are laid out: grouping, the title heading, and the template."""

    group_by: GroupBy = GroupBy.POSITION
    heading: bool = True
    """An H1 with the title (Obsidian already shows the file name as one: it may be turned off)."""
    template: NoteTemplate | None = None
    """The user's template; None for the built-in layout."""


def obsidian_datetime(value: str) -> str:
    """An ISO date or date-time as Obsidian's properties take it (local time, to the second:
    `2026-01-02T04:04:05`), a plain date as `2026-01-02`; anything else as a quoted string."""
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return yaml_string(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _source_link(source: str) -> str:
    """A Markdown link to the article's page or file, named by its site or file name."""
    parts = urlsplit(source)
    if parts.scheme not in ("http", "https", "file") or any(c in source for c in "<>\n\r "):
        return ""
    if parts.scheme == "file":
        label = PurePosixPath(unquote(parts.path)).name or source
    else:
        label = parts.hostname or source
    return f"Source: [{escape_text(label)}](<{source}>)"


@dataclass(slots=True)  # (not frozen: a frozen init costs more than the rest of an entry)
class HighlightValues:
    """One highlight as a template sees it: raw values and ready-made Markdown."""

    block_id: str
    quote: str
    quote_block: str
    color: str
    score: float | None
    """The match's score when it was found approximately, else None."""
    tags: list[str]
    """`#tag` forms."""
    details: str
    """`**colour** · approximate match (0.87) · #tags`."""
    note: str
    """The note's Markdown, contained."""
    kept: list[str]
    """What the reader wrote under this highlight, in its keep markers."""
    created: str
    updated: str
    repeat: bool = False
    """True when the highlight was shown earlier in the note (grouping by tag)."""
    link: str = ""
    """A link to its first appearance, for a repeat."""
    place: str = ""
    """Where the app it was imported from had it: "Location 1234–1236 · p. 42 · Chapter 3"."""
    facts: dict[str, str] = field(default_factory=dict)
    """What that app kept about it (location, page, chapter, color, style, header, time…)."""


@dataclass(frozen=True)
class SectionValues:
    """A heading and its highlights."""

    heading: str
    highlights: list[HighlightValues] = field(default_factory=list)


def _values(annotation: Annotation, kept: KeptText, identifier: str) -> HighlightValues:
    passage = annotation.has_passage
    quote = annotation.quote
    # A note on the whole article has no passage to colour.
    details = [f"**{annotation.color.value}**"] if passage else []
    imported = annotation.imported
    place = ""
    if imported is not None:  # (most highlights were made here: nothing to say of an app)
        marks = [escape_text(mark) for mark in source_marks(annotation)]
        if marks and marks[0].startswith("(") and details:  # its app's own colour, beside ours
            details[0] += " " + marks.pop(0)
        details.extend(marks)
        place = source_place(annotation)
    resolution = annotation.resolution
    score = None
    if resolution is not None and resolution.anchor.status is AnchorStatus.FUZZY:
        score = resolution.anchor.score
        details.append(f"approximate match ({score:.2f})")
    if place:
        details.append(escape_text(place))
    tags = [text for text in map(tag_text, annotation.tags) if text] if annotation.tags else []
    if tags:
        details.append(" ".join(tags))
    if not passage and annotation.former:  # the passage it was a note on
        was = " ".join(annotation.former[-1].exact.split())
        was = was if len(was) <= 120 else was[:119].rstrip() + "…"
        details.append(f"was on “{escape_text(was)}”")
    note = annotation.note
    blocks = kept.blocks.get(identifier)
    return HighlightValues(
        block_id=identifier,
        quote=quote,
        quote_block=block_quote(quote) if passage else "",
        color=annotation.color.value,
        score=score,
        tags=tags,
        details=" · ".join(details),
        note=safe_note(note) if note and not note.isspace() else "",
        kept=[keep_block(text) for text in blocks] if blocks else [],
        created=annotation.created,
        updated=annotation.updated,
        place=place,
        facts=dict(imported.facts) if imported is not None else {},
    )


def _repeat(values: HighlightValues) -> HighlightValues:
    preview = " ".join(values.quote.split())
    preview = preview if len(preview) <= 60 else preview[:59].rstrip() + "…"
    link = f"[[#^{values.block_id}]] · {escape_text(preview)}"
    return replace(values, repeat=True, link=link, kept=[])


def _sections(
    items: Sequence[tuple[Annotation, HighlightValues]], group_by: GroupBy
) -> list[SectionValues]:
    if group_by is GroupBy.COLOR:
        sections = [
            SectionValues(f"## {color.value.title()}", [v for a, v in items if a.color is color])
            for color in Color
        ]
        return [section for section in sections if section.highlights]
    if group_by is GroupBy.TAG:
        # Every tag has its section; a highlight met again links to its first appearance,
        # so that each block id is in the note once.
        by_tag: dict[str, tuple[str, list[HighlightValues]]] = {}
        untagged: list[HighlightValues] = []
        for annotation, values in items:
            tags = list(filter(None, map(clean_tag, annotation.tags)))
            for tag in tags:
                by_tag.setdefault(tag.casefold(), (tag, []))[1].append(values)
            if not tags:
                untagged.append(values)
        shown: set[str] = set()
        sections = []
        for key in sorted(by_tag):
            tag, members = by_tag[key]
            entries = [_repeat(v) if v.block_id in shown else v for v in members]
            shown.update(v.block_id for v in members)
            sections.append(SectionValues(f"## {escape_text('#' + tag)}", entries))
        if untagged:
            sections.append(SectionValues("## Untagged", untagged))
        return sections
    return [SectionValues("", [values for _, values in items])] if items else []


def _position(annotation: Annotation) -> tuple[int, str]:
    resolution = annotation.resolution
    start = resolution.anchor.start if resolution is not None else annotation.target.position.start
    return start, annotation.created


def note_values(
    group: ArticleAnnotations, exported: str, style: NoteStyle, kept: KeptText
) -> dict[str, Any]:
    """Everything a note template can use (documented in docs/templates.md)."""
    # Notes on the whole article (detached, or made without a passage) have their own section;
    # a book or page known only from another app has no text to orphan its highlights from:
    # they are in the order that app had them.
    article_notes = sorted(
        (item for item in group.annotations if not item.has_passage), key=lambda a: a.created
    )
    passages = [item for item in group.annotations if item.has_passage]
    if group.kind:
        placed, orphans = sorted(passages, key=source_order), []
    else:
        placed = sorted(
            (item for item in passages if item.status is not AnchorStatus.ORPHAN), key=_position
        )
        orphans = sorted(
            (item for item in passages if item.status is AnchorStatus.ORPHAN),
            key=lambda item: item.created,
        )
    tags: dict[str, str] = {}
    for item in [*placed, *orphans, *article_notes]:
        for tag in filter(None, map(clean_tag, item.tags)):
            tags.setdefault(tag.casefold(), tag)
    source = group.source or (group.path.as_uri() if group.path is not None else "")
    ids = unique_block_ids(group.annotations)
    placed_values = [(item, _values(item, kept, ids[item.id])) for item in placed]
    orphan_values = [_values(item, kept, ids[item.id]) for item in orphans]
    note_values_ = [_values(item, kept, ids[item.id]) for item in article_notes]
    # Kept text whose highlight is gone, and the reader's own section, are never dropped.
    current = {values.block_id for _, values in placed_values}
    current.update(values.block_id for values in orphan_values)
    current.update(values.block_id for values in note_values_)
    leftovers = [
        text
        for anchor, texts in kept.blocks.items()
        if anchor not in current
        for text in texts
        if text.strip()
    ]
    title = " ".join(group.title.split())
    return {
        "title": title,
        "title_md": escape_text(title or "Untitled"),
        "author": group.author,
        "date": obsidian_datetime(group.date) if group.date.strip() else "",
        "source": source,
        "source_link": _source_link(source),
        "article_id": group.article_id,
        "tags": list(tags.values()),
        "count": len(placed) + len(orphans) + len(article_notes),
        "exported": obsidian_datetime(exported),
        "heading": style.heading,
        "missing": group.missing,
        "kind": group.kind,
        "imported_from": imported_from(group.annotations),
        "sections": _sections(placed_values, style.group_by),
        "orphans": orphan_values,
        "article_notes": note_values_,
        "signature": SIGNATURE,
        "my_notes": [keep_block(text) for text in leftovers] or [keep_block("")],
        "tail": kept.tail,
    }


@dataclass(frozen=True)
class RenderedNote:
    """A note's text, and how many lines the user wrote outside the keep markers it kept."""

    text: str
    kept_edits: int = 0


def render_note(
    group: ArticleAnnotations,
    exported: str,
    style: NoteStyle,
    previous: str = "",
    kept: KeptText | None = None,
) -> RenderedNote:
    """The Markdown note of one article; `previous` is the last export, whose kept text and
    edits outside the keep markers stay. `kept` may be given when `previous` was parsed."""
    if kept is None:
        kept = kept_text(previous) if previous else NOTHING_KEPT
    text = _render(style.template, note_values(group, exported, style, kept), kept)
    if previous and same_but_time(previous, text):
        return RenderedNote(previous)  # as it was: nothing written outside the markers either
    edits = user_edits(previous, text) if previous else None
    if edits is None:
        return RenderedNote(with_checksum(text))
    if edits.lines:  # into the user's section, as text kept between markers from now on
        blocks = {**kept.blocks, "": [*kept.blocks.get("", []), edits.block()]}
        kept = KeptText(blocks, kept.tail)
        text = _render(style.template, note_values(group, exported, style, kept), kept)
    end = text.find("\n---\n", 4)
    if edits.properties and end != -1:  # properties added in Obsidian stay in the front matter
        text = text[:end] + "\n" + "\n".join(edits.properties) + text[end:]
    return RenderedNote(with_checksum(text), edits.count)


def _render(template: NoteTemplate | None, values: dict[str, Any], kept: KeptText) -> str:
    """The note by the user's template, checked; else by the built-in layout (which makes a
    note reader can update, by its tests: it is not checked note by note)."""
    if template is None:
        return render_builtin(values)
    text = template.render(values)
    _check_template_output(template, text, kept)
    return text


def _check_template_output(template: NoteTemplate, text: str, kept: KeptText) -> None:
    """A template must make a note reader can find and update again, with the user's text."""
    if not is_reader_note(text):
        raise NoteTemplateError(
            f"{template.name}: the note must begin with front matter holding article_id and"
            " contain {{ signature }}, or reader could never update it"
        )
    written = [text for texts in kept.blocks.values() for text in texts if text.strip()]
    if any(piece not in text for piece in [*written, kept.tail.strip()] if piece):
        raise NoteTemplateError(
            f"{template.name}: it leaves out text written between keep markers; show each"
            " highlight's `kept`, and `my_notes` and `tail`"
        )


def to_markdown(
    group: ArticleAnnotations,
    exported: str,
    style: NoteStyle | GroupBy = GroupBy.POSITION,
    previous: str = "",
    kept: KeptText | None = None,
) -> str:
    """The Markdown note of one article (see `render_note`)."""
    if isinstance(style, GroupBy):
        style = NoteStyle(group_by=style)
    return render_note(group, exported, style, previous, kept).text
