"""The report `reader import` prints: one line per reason, or the same as JSON."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.core.imports import ParseReport
    from reader.core.library import ImportSummary
    from reader.core.library.from_apps import ForeignSummary, SourceOutcome


MAX_PROBLEM_LINES = 10
"""Entries that could not be read, named one per line; the rest counted (JSON has all)."""


@dataclass
class ImportTotals:
    """Everything an import did, over every file it read."""

    dry_run: bool = False
    formats: dict[str, int] = field(default_factory=dict)
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_deleted: int = 0
    older: int = 0
    kept_yours: int = 0
    deleted: int = 0
    fields: set[str] = field(default_factory=set)
    merged: int = 0
    notes_joined: int = 0
    replies_joined: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    sources: list[SourceOutcome] = field(default_factory=list)

    def add_parse(self, report: ParseReport) -> None:
        """What the parsers read and skipped."""
        self.merged += report.merged
        self.notes_joined += report.notes_joined
        self.replies_joined += report.replies_joined
        self.skipped.update(report.skipped)
        self.problems.extend(report.problems)

    def add_w3c(self, summary: ImportSummary, refused: list[str], no_passage: int) -> None:
        """What one W3C file's import did."""
        self.imported += summary.imported
        self.updated += summary.updated
        self.unchanged += summary.unchanged
        self.kept_deleted += summary.kept_deleted
        self.deleted += summary.deleted
        self.fields.update(summary.fields)
        self.refused.extend(refused)
        if no_passage:
            self.skipped["with no passage"] += no_passage

    def add_foreign(self, summary: ForeignSummary) -> None:
        """What the import of other apps' items did."""
        self.imported += summary.imported
        self.updated += summary.updated
        self.unchanged += summary.unchanged
        self.kept_deleted += summary.kept_deleted
        self.merged += summary.merged
        self.older += summary.older
        self.kept_yours += summary.kept_yours
        self.fields.update(summary.fields)
        self.sources.extend(summary.sources)


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"


def report_lines(totals: ImportTotals) -> list[str]:
    """The report as lines: the counts first, then one line per other reason."""
    changed = f" ({', '.join(sorted(totals.fields))})" if totals.fields else ""
    lead = "would import" if totals.dry_run else "imported"
    lines = [
        f"{lead} {totals.imported}, updated {totals.updated}{changed}, unchanged {totals.unchanged}"
    ]
    if totals.dry_run:
        lines[0] += " (a dry run: nothing was written)"
    if totals.kept_deleted:
        lines.append(
            f"kept deleted {totals.kept_deleted}: deleted here since an earlier import"
            " (`reader db deleted` lists them and brings them back)"
        )
    if totals.deleted:
        lines.append(
            f"deleted {totals.deleted}: deleted in the copy of the library the file came from"
            " (`reader db deleted` lists them and brings them back)"
        )
    if totals.older:
        lines.append(
            f"kept newer {totals.older}: this file has older versions of them than the last"
            " import (an older copy of the export?)"
        )
    if totals.kept_yours:
        lines.append(
            f"kept your edits {totals.kept_yours}: changed at the source too, in what you"
            " edited here since; yours were kept"
        )
    if totals.merged:
        lines.append(f"duplicates merged {totals.merged} (resized or repeated highlights)")
    if totals.notes_joined:
        lines.append(f"notes joined to their highlight {totals.notes_joined}")
    if totals.replies_joined:
        lines.append(f"replies added to the note they answer {totals.replies_joined}")
    for reason, number in sorted(totals.skipped.items()):
        lines.append(f"skipped {number}: {reason}")
    lines.extend(f"refused {line}" for line in totals.refused)
    lines.extend(f"skipped {line}" for line in totals.unknown)
    lines.extend(f"could not read {line}" for line in totals.unreadable)
    lines.extend(f"could not read {line}" for line in totals.problems[:MAX_PROBLEM_LINES])
    if len(totals.problems) > MAX_PROBLEM_LINES:
        more = len(totals.problems) - MAX_PROBLEM_LINES
        lines.append(f"… and {_count(more, 'more entry', 'more entries')} (--json lists them all)")
    lines.extend(_source_lines(totals.sources))
    return lines


def _source_lines(sources: list[SourceOutcome]) -> list[str]:
    if not sources:
        return []
    from reader.core.library.from_apps import STANDALONE

    lines = []
    alone = [source for source in sources if not source.linked]
    for source in sources:
        if source.linked:
            lines.append(f"linked “{source.title}” to {source.linked}: {source.reason}")
        elif source.reason != STANDALONE:
            lines.append(f"kept “{source.title}” on its own: {source.reason}")
    plain = [source for source in alone if source.reason == STANDALONE]
    if plain:
        kinds = _count(len(plain), "source")
        why = STANDALONE if len(plain) == 1 else STANDALONE.replace(" its ", " their ")
        lines.append(f"{kinds} kept on {'its' if len(plain) == 1 else 'their'} own: {why}")
    return lines


def report_rows(totals: ImportTotals) -> dict[str, Any]:
    """The report as JSON data."""
    return {
        "dry_run": totals.dry_run,
        "formats": totals.formats,
        "imported": totals.imported,
        "updated": totals.updated,
        "updated_fields": sorted(totals.fields),
        "unchanged": totals.unchanged,
        "kept_deleted": totals.kept_deleted,
        "kept_newer": totals.older,
        "deleted": totals.deleted,
        "kept_your_edits": totals.kept_yours,
        "duplicates_merged": totals.merged,
        "notes_joined": totals.notes_joined,
        "replies_joined": totals.replies_joined,
        "skipped": dict(sorted(totals.skipped.items())),
        "refused": totals.refused,
        "unknown_files": totals.unknown,
        "unreadable_files": totals.unreadable,
        "unreadable_entries": totals.problems,
        "sources": [
            {
                "title": source.title,
                "author": source.author,
                "items": source.items,
                "article_id": source.article_id,
                "linked_to": source.linked,
                "reason": source.reason,
            }
            for source in totals.sources
        ],
    }
