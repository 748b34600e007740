"""Files on disk: writes that a crash cannot tear, for the store, notes and exports alike."""

from reader.core.files.atomic import (
    fsync_folder,
    is_stream,
    temporary_beside,
    user_file_mode,
    write_atomically,
    write_output,
)
from reader.core.files.json_text import pretty_json, pretty_json_array, pretty_json_bytes
from reader.core.files.reading import (
    FileTooLarge,
    MissingText,
    NotRegularFile,
    UnreadableText,
    is_regular_file,
    kind_of,
    read_regular_file,
    read_text_file,
)

__all__ = [
    "FileTooLarge",
    "NotRegularFile",
    "fsync_folder",
    "is_regular_file",
    "is_stream",
    "kind_of",
    "pretty_json",
    "pretty_json_array",
    "pretty_json_bytes",
    "MissingText",
    "UnreadableText",
    "read_regular_file",
    "read_text_file",
    "temporary_beside",
    "user_file_mode",
    "write_atomically",
    "write_output",
]
