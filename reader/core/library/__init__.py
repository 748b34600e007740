"""The library: finding articles, their identity across renames and edits, listing, importing."""

from reader.core.library.catalog import LibraryEntry, list_library
from reader.core.library.identity import identify, register
from reader.core.library.importing import ImportSummary, import_annotations
from reader.core.library.library import (
    Anchored,
    Library,
    OpenedArticle,
    expand_paths,
    is_article_file,
)

__all__ = [
    "Anchored",
    "ImportSummary",
    "Library",
    "LibraryEntry",
    "OpenedArticle",
    "expand_paths",
    "identify",
    "import_annotations",
    "is_article_file",
    "list_library",
    "register",
]
