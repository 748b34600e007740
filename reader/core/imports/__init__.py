"""Reading other apps' highlight exports (Kindle, KOReader, Hypothesis, Readwise) as plain data."""

from reader.core.imports.detect import (
    FORMATS,
    ImportSourceError,
    ReadFiles,
    format_of,
    read_import_paths,
)
from reader.core.imports.model import (
    Foreign,
    ForeignSource,
    ParseReport,
    foreign_annotation_id,
    source_article_id,
)

__all__ = [
    "FORMATS",
    "Foreign",
    "ForeignSource",
    "ImportSourceError",
    "ParseReport",
    "ReadFiles",
    "foreign_annotation_id",
    "format_of",
    "read_import_paths",
    "source_article_id",
]
