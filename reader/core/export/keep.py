"""Keep markers: what a reader writes in an exported note, found again at the next export.

Text between `<!-- reader:keep -->` and `<!-- reader:end -->` survives every re-export, under
the highlight it followed. Text written anywhere else is found by the note's checksum (what
reader wrote, without the kept text) and is kept too: nothing a user writes vanishes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from reader.core.export.block_ids import BLOCK_ID
from reader.core.export.markdown_text import FENCE

KEEP_START = "<!-- reader:keep -->"
"""Opens a part of an exported note that re-exports keep."""
KEEP_END = "<!-- reader:end -->"
"""Closes it."""
SIGNATURE = "<!-- written by reader: text between reader:keep and reader:end survives re-export -->"
"""Marks a note as written by `reader` (only such notes are ever overwritten)."""
USER_SECTION = "## My notes"
ORPHAN_SECTION = "## Orphaned highlights"


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
    """True for a note this program wrote (the only kind it will overwrite): one note, not
    an export of several saved from standard output."""
    return text.startswith("---\n") and text.count(SIGNATURE) == 1 and "\narticle_id: " in text


_KEPT_ANCHOR = re.compile(rf"\^({BLOCK_ID})")


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
    previous = _CHECKSUM_LINE.sub("", previous).rstrip("\n")
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
        opened = FENCE.match(line) if line[:1] in (" ", "`", "~") else None
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


def keep_block(text: str) -> str:
    """Text between keep markers (empty markers for no text)."""
    return f"{KEEP_START}\n{text}\n{KEEP_END}" if text else f"{KEEP_START}\n{KEEP_END}"


CHECKSUM_START = "<!-- reader:checksum "
"""Opens the last line of a note: what reader wrote, hashed, to tell the user's edits apart."""
EDITED_SECTION_NOTE = (
    "*Written outside the keep markers in an earlier version of this note; kept here so that"
    " nothing is lost. Text between the markers is yours to keep.*"
)


def _written_lines(text: str) -> list[str]:
    """The note's lines that reader wrote: keep blocks emptied, the export time and the
    checksum left out (they change at every export)."""
    lines: list[str] = []
    inside = False
    front = text.startswith("---\n")
    for number, line in enumerate(text.split("\n")):
        if front and number > 0 and line == "---":
            front = False
        elif front and line.startswith("exported:"):
            continue
        marker = "<!--" in line  # (every marker has it: most lines need no more looking)
        if marker and line.startswith(CHECKSUM_START):
            continue
        if inside:
            if marker and line.strip() == KEEP_END:
                inside = False
                lines.append(line)
            continue
        if marker and line.strip() == KEEP_START:
            inside = True
        lines.append(line)
    return lines


def checksum(text: str) -> str:
    """A hash of what reader wrote in a note (not of the user's kept text)."""
    digest = hashlib.sha256("\n".join(_written_lines(text)).strip().encode("utf-8"))
    return digest.hexdigest()[:16]


def with_checksum(text: str) -> str:
    """The note with its checksum as the last line."""
    return f"{text.rstrip()}\n\n{CHECKSUM_START}{checksum(text)} -->\n"


_CHECKSUM_LINE = re.compile(r"^<!-- reader:checksum ([0-9a-f]{16}) -->$", re.MULTILINE)


_CHANGES_AT_EVERY_EXPORT = re.compile(r"^exported: .*$|^<!-- reader:checksum .*$", re.MULTILINE)


def same_but_time(old: str, new: str) -> bool:
    """True when two notes differ only in what every export changes (its time, its checksum,
    which either may lack)."""
    return _CHANGES_AT_EVERY_EXPORT.sub("", old).rstrip() == (
        _CHANGES_AT_EVERY_EXPORT.sub("", new).rstrip()
    )


def _stored_checksum(text: str) -> str | None:
    found = _CHECKSUM_LINE.search(text)
    return found.group(1) if found else None


def _front_matter(text: str) -> tuple[list[str], list[str]]:
    """A note's front matter lines and its body lines."""
    lines = text.split("\n")
    if lines[0] == "---" and "---" in lines[1:]:
        end = lines.index("---", 1)
        return lines[1:end], lines[end + 1 :]
    return [], lines


def _properties(front: list[str]) -> dict[str, list[str]]:
    """Top-level front matter keys, each with its lines (a key and its indented values)."""
    found: dict[str, list[str]] = {}
    key = ""
    for line in front:
        match = re.match(r"([^\s#:][^:]*):(\s|$)", line)
        if match:
            key = match.group(1).strip()
            found[key] = [line]
        elif key:
            found[key].append(line)
    return found


@dataclass(frozen=True)
class UserEdits:
    """What a user wrote in an exported note outside the keep markers."""

    properties: list[str]
    """Front matter lines of keys reader does not write (Obsidian properties the user added)."""
    lines: list[str]
    """Body lines that the new note would not have (and front matter values the user changed)."""
    fresh: bool = True
    """False when the note is as reader left it (its properties were carried over before)."""

    @property
    def count(self) -> int:
        """How many lines the user wrote since the last export that are kept."""
        return len(self.properties) * self.fresh + sum(1 for line in self.lines if line.strip())

    def block(self) -> str:
        """The kept lines, with a line saying where they came from."""
        return EDITED_SECTION_NOTE + "\n\n" + "\n".join(self.lines)


def user_edits(previous: str, new: str) -> UserEdits:
    """What the user wrote outside the keep markers of `previous`, that `new` lacks.

    A note whose checksum still matches was not edited outside the markers. One without a
    checksum (older versions wrote none) is compared line by line: at worst a stale line is
    kept once, never a line of the user's lost.
    """
    old_front, old_body = _front_matter(previous)
    new_front, new_body = _front_matter(new)
    old_properties, new_properties = _properties(old_front), _properties(new_front)
    added = [
        line for key, lines in old_properties.items() if key not in new_properties for line in lines
    ]
    stored = _stored_checksum(previous)
    if stored is not None and stored == checksum(previous):
        return UserEdits(added, [], fresh=False)
    changed: list[str] = []
    if stored is not None:  # the user changed values reader writes (not older notes' formats)
        for key, lines in old_properties.items():
            if key in new_properties and key != "exported" and lines != new_properties[key]:
                changed.extend(lines)
    present = {line.strip() for line in new_body}
    written = _written_lines("\n".join(old_body))
    kept: list[str] = []
    last = -1
    for number, line in enumerate(written):
        text = line.strip()
        if not text or text in present or text in (KEEP_START, KEEP_END):
            continue
        if kept and number > last + 1:
            kept.append("")  # lines that were apart stay apart: paragraphs stay paragraphs
        kept.append(line)
        last = number
    return UserEdits(added, changed + kept)
