"""Writing notes: one article's, or every annotated article's, into the export folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core.annotations import ArticleAnnotations
from reader.core.export import NoteResult, NoteStyle, Outcome, describe, write_notes
from reader.core.library.library import Library


@dataclass(frozen=True)
class ExportSummary:
    """What an export of notes did, and the line that says so."""

    folder: Path
    results: Sequence[NoteResult]

    @property
    def skipped(self) -> list[NoteResult]:
        """The notes left alone, each with its reason."""
        return [result for result in self.results if result.outcome is Outcome.SKIPPED]

    @property
    def message(self) -> str:
        """One line for the reader."""
        if len(self.results) == 1 and not self.skipped:
            return f"Exported to {self.results[0].path}"
        line = f"Exported notes to {self.folder}: {describe(self.results)}."
        if self.skipped:
            first = self.skipped[0]
            line += f" Skipped {first.path.name}: {first.reason}."
        return line


def export_article_note(
    group: ArticleAnnotations, folder: Path, exported: str, style: NoteStyle | None = None
) -> ExportSummary:
    """Write one article's note into `folder` (updated in place if it was exported before)."""
    return ExportSummary(folder, write_notes([group], folder, exported, style))


def export_library_notes(
    library: Library, folder: Path, remember: bool = True, style: NoteStyle | None = None
) -> ExportSummary:
    """Write the note of every annotated article into `folder`.

    With `remember=False` nothing is written to the store (the app's saver is its only writer:
    files re-read on the way are simply read again next time).
    """
    reader = library if remember else Library(library.store, persist=False)
    groups = (group for group in reader.each_group() if group.annotations)
    return ExportSummary(folder, write_notes(groups, folder, library.store.now(), style))
