"""Writing Markdown notes into a folder: safe names, updates in place, nothing clobbered."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from reader.core.annotations import ArticleAnnotations
from reader.core.export.keep import is_reader_note, kept_text, same_but_time
from reader.core.export.markdown import NoteStyle, render_note
from reader.core.files import NotRegularFile, read_regular_file, user_file_mode, write_atomically

MAX_NOTE_BYTES = 64 * 1024 * 1024
"""An existing note larger than this is not read (nor replaced)."""
MAX_NAME_BYTES = 120
"""The longest file name written (in UTF-8 bytes, `.md` included)."""
# What file systems or Obsidian's links refuse in a name (`# ^ [ ] |` break `[[links]]`).
_UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f\x7f-\x9f/\\*?"<>|#^\[\]\u202a-\u202e\u2066-\u2069]')
_COLON = re.compile(r"\s*:+\s*")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)
_ARTICLE_ID_LINE = re.compile(r'^article_id: "([^"\\]*)"$', re.MULTILINE)


class Outcome(StrEnum):
    """What happened to one note."""

    WRITTEN = "written"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class NoteResult:
    """One note's file and what became of it (with the reason when it was skipped)."""

    path: Path
    outcome: Outcome
    reason: str = ""
    kept_edits: int = 0
    """Lines the user wrote outside the keep markers, kept in the note's last keep block."""


def _truncate_utf8(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", "ignore").rstrip(" .-")


def safe_file_name(title: str, suffix: str = "") -> str:
    """A file name from a title that reads as the title and works in Obsidian's `[[links]]`:
    "Tide Pools: What Lives There?" is "Tide Pools - What Lives There.md"; no separators,
    controls, link marks or leading dots; at most 120 bytes."""
    name = unicodedata.normalize("NFC", title)
    name = _COLON.sub(" - ", name).replace("[", "(").replace("]", ")")
    name = name.replace("/", "-").replace("\\", "-")
    name = _UNSAFE_IN_NAMES.sub(" ", name)
    name = " ".join(name.split()).strip(" .-") or "Untitled"
    if _WINDOWS_RESERVED.match(name):
        name += "_"
    suffix = _UNSAFE_IN_NAMES.sub("-", suffix).strip(" .-")  # an id from an import is data
    extra = (f" ({suffix})" if suffix else "") + ".md"
    return _truncate_utf8(name, MAX_NAME_BYTES - len(extra.encode("utf-8"))) + extra


def _article_id_of(path: Path) -> str | None:
    """The article id in a reader note's front matter (None for any other file, and for an
    export of several notes saved in one file)."""
    try:
        text = read_regular_file(path, MAX_NOTE_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError, NotRegularFile):
        return None
    found = _ARTICLE_ID_LINE.search(text, 0, 4096)
    return found.group(1) if found and is_reader_note(text) else None


def _existing_notes(folder: Path) -> dict[str, Path]:
    """Notes this program wrote earlier in `folder`, by article id."""
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.md")):
        if path.is_symlink() or not path.is_file():
            continue
        article_id = _article_id_of(path)
        if article_id is not None:
            found.setdefault(article_id, path)
    return found


def write_notes(
    groups: Iterable[ArticleAnnotations],
    folder: Path,
    exported: str,
    style: NoteStyle | None = None,
) -> list[NoteResult]:
    """Write one note per article into `folder`, in the order given (a new note whose name is
    taken by an earlier one gets its id added), updating earlier exports in place.

    A note keeps its file across exports (found by article id) and what the reader wrote
    between keep markers. A file not written by reader, or a symbolic link, is never
    overwritten; nothing is written outside `folder`.
    """
    groups = iter(groups)
    first = next(groups, None)
    if first is None:
        return []  # nothing to write: no folder is made for it
    groups = itertools.chain([first], groups)
    folder.mkdir(parents=True, exist_ok=True)
    existing = _existing_notes(folder)
    claimed: dict[str, str] = {}  # file name (case-folded) -> article id
    for article_id, known in existing.items():
        claimed[known.name.casefold()] = article_id
    results: list[NoteResult] = []
    for group in groups:
        found = existing.get(group.article_id)
        if found is not None:
            path = found
        else:
            name = safe_file_name(group.title)
            owner = claimed.get(name.casefold())
            if owner is not None and owner != group.article_id:
                name = safe_file_name(group.title, group.article_id[:8])
            path = folder / name
            claimed[name.casefold()] = group.article_id
        # Names are single path components (safe_file_name) or files found directly in the
        # folder, so every target is inside it; a symbolic link is refused in _write_one.
        results.append(_write_one(group, path, exported, style or NoteStyle()))
    return results


def _write_one(
    group: ArticleAnnotations, path: Path, exported: str, style: NoteStyle
) -> NoteResult:
    if path.is_symlink():
        return NoteResult(
            path, Outcome.SKIPPED, "it is a symbolic link; reader does not follow links"
        )
    previous = ""
    if path.exists():
        try:
            previous = read_regular_file(path, MAX_NOTE_BYTES).decode("utf-8")
        except NotRegularFile as error:
            return NoteResult(path, Outcome.SKIPPED, f"it is {error.kind}, not a note; left alone")
        except (OSError, UnicodeDecodeError):
            return NoteResult(path, Outcome.SKIPPED, "it exists and could not be read as a note")
        if not is_reader_note(previous):
            return NoteResult(path, Outcome.SKIPPED, "it was not written by reader; left untouched")
    kept = kept_text(previous) if previous else None
    rendered = render_note(group, exported, style, previous, kept)
    text = rendered.text
    if previous and (text == previous or same_but_time(previous, text)):
        return NoteResult(path, Outcome.UNCHANGED)
    # A note holding the reader's own words is forced to disk; a plain export can be redone.
    durable = kept is not None and not kept.empty or rendered.kept_edits > 0
    try:
        write_atomically(path, text.encode("utf-8"), durable=durable, new_mode=user_file_mode())
    except OSError as error:
        return NoteResult(
            path, Outcome.SKIPPED, f"it could not be written ({error.strerror or error})"
        )
    outcome = Outcome.UPDATED if previous else Outcome.WRITTEN
    return NoteResult(path, outcome, kept_edits=rendered.kept_edits)


def write_note_file(
    group: ArticleAnnotations, path: Path, exported: str, style: NoteStyle
) -> NoteResult:
    """Write one article's note to a chosen file (same rules as in a folder)."""
    if path.is_dir():
        return NoteResult(path, Outcome.SKIPPED, "it is a folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    return _write_one(group, path, exported, style)


def describe(results: Sequence[NoteResult]) -> str:
    """A one-line summary of what an export did."""
    counts = {outcome: sum(result.outcome is outcome for result in results) for outcome in Outcome}
    parts = [f"{counts[outcome]} {outcome.value}" for outcome in Outcome if counts[outcome]]
    edited = [result for result in results if result.kept_edits]
    if edited:
        names = ", ".join(result.path.name for result in edited[:3])
        more = f" and {len(edited) - 3} more" if len(edited) > 3 else ""
        parts.append(f"text written outside the keep markers kept at the end of {names}{more}")
    return ", ".join(parts) if parts else "nothing to export"
