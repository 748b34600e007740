"""The library: finding articles, their identity across renames and edits, listing, importing."""

from reader.core.library.catalog import LibraryEntry, Listing, list_library, register_files
from reader.core.library.exporting import (
    ExportSummary,
    export_article_note,
    export_library_notes,
)
from reader.core.library.identity import identify, register
from reader.core.library.importing import ImportSummary, import_annotations
from reader.core.library.library import (
    Anchored,
    Library,
    OpenedArticle,
    expand_paths,
    is_article_file,
)
from reader.core.library.queries import Hit, search_library

__all__ = [
    "Anchored",
    "ExportSummary",
    "Hit",
    "ImportSummary",
    "Library",
    "LibraryEntry",
    "Listing",
    "OpenedArticle",
    "expand_paths",
    "export_article_note",
    "export_library_notes",
    "identify",
    "import_annotations",
    "is_article_file",
    "list_library",
    "register",
    "register_files",
    "search_library",
]
