"""Files on disk: writes that a crash cannot tear, for the store, notes and exports alike."""

from reader.core.files.atomic import (
    fsync_folder,
    is_stream,
    temporary_beside,
    user_file_mode,
    write_atomically,
    write_output,
)
from reader.core.files.reading import (
    FileTooLarge,
    NotRegularFile,
    is_regular_file,
    kind_of,
    read_regular_file,
)

__all__ = [
    "FileTooLarge",
    "NotRegularFile",
    "fsync_folder",
    "is_regular_file",
    "is_stream",
    "kind_of",
    "read_regular_file",
    "temporary_beside",
    "user_file_mode",
    "write_atomically",
    "write_output",
]
