"""The library: finding articles, their identity across renames and edits, listing, importing.

Exporting and importing (and the Markdown, template and W3C machinery behind them) are loaded
when first used: opening an article in the app needs none of it before its first frame.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from reader.core.library.catalog import LibraryEntry, Listing, list_library, register_files
from reader.core.library.identity import identify, register
from reader.core.library.library import (
    Anchored,
    Library,
    OpenedArticle,
    expand_paths,
    is_article_file,
)
from reader.core.library.queries import Hit, search_library

if TYPE_CHECKING:
    from reader.core.library.exporting import (
        ExportSummary,
        export_article_note,
        export_library_notes,
    )
    from reader.core.library.importing import ImportSummary, import_annotations

_LOADED_WHEN_USED = {
    "ExportSummary": "exporting",
    "export_article_note": "exporting",
    "export_library_notes": "exporting",
    "ImportSummary": "importing",
    "import_annotations": "importing",
}


def __getattr__(name: str) -> Any:
    """The names of exporting and importing, their module loaded at first use."""
    if name in _LOADED_WHEN_USED:
        module = importlib.import_module(f"{__name__}.{_LOADED_WHEN_USED[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
