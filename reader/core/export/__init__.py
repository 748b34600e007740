"""Export: Markdown notes, note files in a folder, and the W3C codec; data in, text out."""

from reader.core.export.block_ids import block_id
from reader.core.export.keep import kept_text
from reader.core.export.markdown import GroupBy, NoteStyle, to_markdown
from reader.core.export.note_files import (
    NoteResult,
    Outcome,
    describe,
    write_note_file,
    write_notes,
)
from reader.core.export.note_template import NoteTemplate, NoteTemplateError, load_template
from reader.core.export.w3c import collection_pieces, dumps, owner, to_collection
from reader.core.export.w3c_import import (
    Deleted,
    ImportItem,
    ParsedImport,
    parse_import,
    parse_import_file,
    parse_import_items,
    source_path,
)
from reader.core.export.w3c_pages import ImportFileError

__all__ = [
    "GroupBy",
    "ImportFileError",
    "Deleted",
    "ImportItem",
    "NoteResult",
    "NoteStyle",
    "NoteTemplate",
    "NoteTemplateError",
    "Outcome",
    "block_id",
    "collection_pieces",
    "describe",
    "dumps",
    "kept_text",
    "load_template",
    "owner",
    "parse_import",
    "ParsedImport",
    "parse_import_file",
    "parse_import_items",
    "source_path",
    "to_collection",
    "to_markdown",
    "write_note_file",
    "write_notes",
]
